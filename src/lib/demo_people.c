/* demo_people.c — the cast of the demo mailbox (see demo.c) and its
 * contacts.vcf.
 *
 * People are fixed so that contacts.vcf names a known subset of them: the
 * README can then say how many threads contacts classify. The first person
 * of each kind writes that kind's special message (Zoë the out-of-office,
 * José the ISO-8859-1 subject, ...), so their order matters.
 */
#include "demo.h"

#include <string.h>

/* --------------------------------------------------------------- people */

const dm_person dm_me = {DM_ME,
                         "Jane Doe",
                         "jane@acme.example",
                         "Acme",
                         "Account Manager",
                         "+1 555 0100",
                         -300,
                         NULL,
                         NULL,
                         NULL,
                         NULL};

/* kind, name, addr, org, title, phone, tz, vcard CATEGORIES, charset, re, hello */
const dm_person dm_people[] = {
    {DM_CUSTOMER, "Zoë Ångström", "zoe.angstrom@contoso.example", "Contoso Ltd",
     "Head of Procurement", "+44 20 7946 0321", 0, "customer", NULL, NULL, NULL},
    {DM_CUSTOMER, "Tom Baker", "tom.baker@contoso.example", "Contoso Ltd", "IT Manager",
     "+44 20 7946 0456", 0, "customer", NULL, "RE: ", NULL},
    {DM_CUSTOMER, "Nancy Davolio", "nancy.davolio@northwind.example", "Northwind Traders",
     "Purchasing Manager", "+1 206 555 0101", -480, "customer", NULL, NULL, NULL},
    {DM_CUSTOMER, "Andrew Fuller", "andrew.fuller@northwind.example", "Northwind Traders",
     "Vice President, Sales", "+1 206 555 0102", -480, "VIP,customer", NULL, "RE: ", NULL},
    {DM_CUSTOMER, "Janet Leverling", "janet.leverling@northwind.example", "Northwind Traders",
     "Sales Representative", NULL, -480, NULL, NULL, NULL, NULL},
    {DM_CUSTOMER, "Bill Lumbergh", "bill.lumbergh@initech.example", "Initech",
     "Division Vice President", "+1 512 555 0199", -360, "customer", NULL, NULL, NULL},
    {DM_CUSTOMER, "Peter Gibbons", "peter.gibbons@initech.example", "Initech", "Software Engineer",
     NULL, -360, NULL, NULL, NULL, NULL},
    {DM_CUSTOMER, "Samir Nagheenanajar", "samir.n@initech.example", "Initech", "Software Engineer",
     NULL, -360, "customer", NULL, NULL, NULL},
    {DM_CUSTOMER, "Hank Scorpio", "hank.scorpio@globex.example", "Globex Corporation", "CEO", NULL,
     -300, NULL, NULL, NULL, NULL},
    {DM_CUSTOMER, "Frank Grimes", "frank.grimes@globex.example", "Globex Corporation",
     "Facilities Manager", NULL, -300, NULL, NULL, NULL, NULL},
    {DM_CUSTOMER, "Klaus Hofmann", "k.hofmann@hofmann-brau.example", "Brauerei Hofmann",
     "Managing Director", "+49 89 555 0123", 60, "customer", NULL, "AW: ", NULL},

    {DM_FREEMAIL, "Renée Dubois", "renee.dubois@gmail.com", NULL, NULL, "+33 6 12 34 56 78", 60,
     "customer", NULL, NULL, NULL},
    {DM_FREEMAIL, "Mike Peterson", "mike.peterson1978@yahoo.com", NULL, NULL, NULL, -300,
     "customer", NULL, NULL, NULL},
    {DM_FREEMAIL, "Dave Wilson", "davewilson.plumbing@yahoo.com", "Wilson Plumbing", "Owner",
     "+1 555 0188", -300, "customer", NULL, NULL, NULL},
    {DM_FREEMAIL, "Priya Sharma", "priya.sharma@gmail.com", NULL, NULL, NULL, 330, NULL, NULL, NULL,
     NULL},
    {DM_FREEMAIL, "Linda Chen", "lindachen@outlook.com", NULL, NULL, NULL, -480, NULL, NULL, NULL,
     NULL},

    {DM_PROSPECT, "José Müller", "jose.mueller@mueller-maschinenbau.example",
     "Müller Maschinenbau GmbH", "Head of Purchasing", "+49 711 555 0142", 60, "prospect",
     "iso-8859-1", "AW: ", "Mr Müller"},
    {DM_PROSPECT, "Sarah Connor", "s.connor@cyberdyne.example", "Cyberdyne Systems",
     "Operations Director", "+1 213 555 0177", -480, "prospect", NULL, NULL, NULL},
    {DM_PROSPECT, "Miles Dyson", "m.dyson@cyberdyne.example", "Cyberdyne Systems",
     "Engineering Lead", NULL, -480, NULL, NULL, NULL, NULL},
    {DM_PROSPECT, "Elena Rossi", "elena.rossi@vortex-italia.example", "Vortex Italia S.r.l.",
     "Purchasing", "+39 02 555 0190", 60, "prospect", NULL, "R: ", NULL},
    {DM_PROSPECT, "Raj Patel", "raj@blueharbor.example", "Blue Harbor Foods", "Founder", NULL, -300,
     NULL, NULL, NULL, NULL},

    {DM_COLLEAGUE, "Bob Smith", "bob.smith@acme.example", "Acme", "Sales Engineer", "+1 555 0102",
     -300, NULL, NULL, NULL, NULL},
    {DM_COLLEAGUE, "Carol White", "carol.white@acme.example", "Acme", "Finance", "+1 555 0103",
     -300, "Coworkers", NULL, NULL, NULL},
    {DM_COLLEAGUE, "Dan Brown", "dan.brown@acme.example", "Acme", "Marketing Manager", NULL, -300,
     NULL, NULL, NULL, NULL},
    {DM_COLLEAGUE, "Erin Lee", "erin.lee@acme.example", "Acme", "Contracts & Legal", NULL, -300,
     "internal", NULL, NULL, NULL},

    {DM_MANAGER, "Richard Hale", "boss@acme.example", "Acme", "Head of Sales", "+1 555 0101", -300,
     "manager", NULL, NULL, NULL},

    {DM_FRONTLINE, "Sam Ortiz", "sam.ortiz@acme.example", "Acme", "Customer Support", NULL, -300,
     "frontline", NULL, NULL, NULL},
    {DM_FRONTLINE, "Kim Nguyen", "kim.nguyen@acme.example", "Acme", "Customer Support", NULL, -300,
     "frontline", NULL, NULL, NULL},
    {DM_FRONTLINE, "Acme Support", "support@acme.example", "Acme", "Support desk", NULL, -300,
     "frontline", NULL, NULL, "Support team"},

    {DM_VENDOR, "Olivia Grant", "olivia.grant@cloudtools.example", "CloudTools Inc.",
     "Account Executive", "+1 415 555 0134", -480, "vendor", NULL, NULL, NULL},
    {DM_VENDOR, "Ben Carter", "ben@printly.example", "Printly", "Customer Success", NULL, 0,
     "vendor", NULL, NULL, NULL},
    {DM_VENDOR, "Lisa Park", "lisa.park@officehub.example", "OfficeHub", "Key Account Manager",
     NULL, -300, NULL, NULL, NULL, NULL},

    {DM_SUPPLIER, "GlobalSupply Billing", "billing@globalsupply.example", "GlobalSupply Co", NULL,
     "+1 312 555 0150", -360, "supplier", NULL, NULL, "GlobalSupply team"},
    {DM_SUPPLIER, "李娜", "li.na@hengda-parts.example", "Hengda Precision Parts", "Sales Manager",
     "+86 755 5550 1234", 480, "supplier", NULL, NULL, "Ms Li"},
    {DM_SUPPLIER, "Grace Kim", "grace.kim@globalsupply.example", "GlobalSupply Co",
     "Account Manager", "+1 312 555 0151", -360, "supplier", NULL, NULL, NULL},

    {DM_PARTNER, "田中 美咲", "misaki.tanaka@sakura-trading.example", "Sakura Trading",
     "Business Development", "+81 3 5555 0100", 540, "partner", NULL, NULL, "Tanaka-san"},
    {DM_PARTNER, "Paul West", "paul.west@fabrikam.example", "Fabrikam Consulting", "Partner", NULL,
     0, "partner", NULL, NULL, NULL},
    {DM_PARTNER, "Nina Berg", "nina.berg@adatum.example", "Adatum", "Alliance Manager", NULL, 60,
     NULL, NULL, NULL, NULL},

    {DM_UNKNOWN, "Alex Morgan", "alex@talentbridge.example", "TalentBridge", "Recruiter", NULL, 0,
     NULL, NULL, NULL, NULL},
    {DM_UNKNOWN, "Chris Vega", "chris@brightpath.example", "BrightPath Logistics",
     "Business Development", NULL, -300, NULL, NULL, NULL, NULL},
    {DM_UNKNOWN, "Mark Evans", "mark.evans@zenith-labs.example", "Zenith Labs", NULL, NULL, -300,
     NULL, NULL, NULL, NULL},
    {DM_UNKNOWN, "Ola Nordmann", "ola@fjord-ventures.example", "Fjord Ventures", NULL, NULL, 60,
     NULL, NULL, NULL, NULL},
    {DM_UNKNOWN, "Chamber Events", "events@localchamber.example", "Local Chamber of Commerce", NULL,
     NULL, -300, NULL, NULL, NULL, "there"},

    {DM_LIST, "Hugo Lambert", "hugo.lambert@fastmail.com", NULL, NULL, NULL, 60, NULL, NULL, NULL,
     NULL},
    {DM_LIST, "Ingrid Olsen", "ingrid@olsen-it.example", "Olsen IT", NULL, NULL, 60, NULL, NULL,
     NULL, NULL},
    {DM_LIST, "Karl Weber", "k.weber@weber-systems.example", "Weber Systems", NULL, NULL, 60, NULL,
     NULL, NULL, NULL},
    {DM_LIST, "Wei Zhang", "zhangwei@163.com", NULL, NULL, NULL, 480, NULL, NULL, NULL, NULL},

    {DM_NEWSLETTER, "GlobalSupply News", "news@globalsupply.example", "GlobalSupply Co", NULL, NULL,
     -360, NULL, NULL, NULL, NULL},
    {DM_NEWSLETTER, "CloudTools", "noreply@cloudtools.example", "CloudTools Inc.", NULL, NULL, -480,
     NULL, NULL, NULL, NULL},

    {DM_NOTIFICATION, "CloudTools Billing", "noreply@billing.cloudtools.example", "CloudTools Inc.",
     NULL, NULL, -480, NULL, NULL, NULL, NULL},
    {DM_NOTIFICATION, "ShipTrack", "noreply@shiptrack.example", NULL, NULL, NULL, 0, NULL, NULL,
     NULL, NULL},
};
const guint dm_n_people = G_N_ELEMENTS(dm_people);

static const char *const kind_labels[DM__KINDS] = {
    "customer (company domain)",
    "customer (free-mail address)",
    "prospect",
    "internal colleague",
    "manager",
    "front-line staff",
    "vendor",
    "supplier",
    "partner",
    "unknown external",
    "mailing list (human)",
    "newsletter (bulk)",
    "notification (automated)",
};
static const char *const kind_categories[DM__KINDS] = {
    "customer", "customer", "prospect",     "internal", "manager", "frontline", "vendor",
    "supplier", "partner",  "unclassified", "(list)",   "(bulk)",  "(bulk)",
};

const char *dm_kind_label(dm_kind k)
{
    return k < DM__KINDS ? kind_labels[k] : "me";
}

const char *dm_kind_category(dm_kind k)
{
    return k < DM__KINDS ? kind_categories[k] : "me";
}

const dm_person *dm_person_of(dm_rng *r, dm_kind k, int nth)
{
    guint n = 0;
    for (guint i = 0; i < dm_n_people; i++)
        n += dm_people[i].kind == k;
    g_assert(n > 0);
    guint want = nth < 0 ? dm_below(r, n) : (guint)nth % n;
    for (guint i = 0; i < dm_n_people; i++)
        if (dm_people[i].kind == k && want-- == 0)
            return &dm_people[i];
    g_assert_not_reached();
}

const char *dm_person_domain(const dm_person *p)
{
    return strchr(p->addr, '@') + 1;
}

gboolean dm_person_internal(const dm_person *p)
{
    return p == &dm_me || strcmp(dm_person_domain(p), "acme.example") == 0;
}

const dm_person *dm_person_colleague_of(dm_rng *r, const dm_person *p)
{
    const dm_person *c[8];
    guint n = 0;
    for (guint i = 0; i < dm_n_people && n < G_N_ELEMENTS(c); i++)
        if (&dm_people[i] != p && dm_people[i].kind == p->kind &&
            strcmp(dm_person_domain(&dm_people[i]), dm_person_domain(p)) == 0)
            c[n++] = &dm_people[i];
    return n ? c[dm_below(r, n)] : NULL;
}

static void vcard_text(GString *out, const char *s)
{
    for (; *s; s++) {
        if (*s == ',' || *s == ';' || *s == '\\')
            g_string_append_c(out, '\\');
        g_string_append_c(out, *s);
    }
}

static void vcard_line(GString *out, const char *prop, const char *value)
{
    g_string_append_printf(out, "%s:", prop);
    vcard_text(out, value);
    g_string_append(out, "\r\n");
}

/* vCard 3.0 (RFC 2426): CRLF lines, text values escaped. */
char *dm_contacts_vcf(gsize *len)
{
    GString *v = g_string_new(NULL);
    for (guint i = 0; i < dm_n_people; i++) {
        const dm_person *p = &dm_people[i];
        if (!p->vcard)
            continue;
        g_string_append(v, "BEGIN:VCARD\r\nVERSION:3.0\r\n");
        vcard_line(v, "FN", p->name);
        const char *sp = strrchr(p->name, ' ');
        g_string_append(v, "N:");
        if (sp && (guchar)p->name[0] < 0x80) { /* Western order: given names first */
            vcard_text(v, sp + 1);
            g_string_append_c(v, ';');
            char *given = g_strndup(p->name, (gsize)(sp - p->name));
            vcard_text(v, given);
            g_free(given);
        } else if (sp) { /* 田中 美咲: family name first */
            char *family = g_strndup(p->name, (gsize)(sp - p->name));
            vcard_text(v, family);
            g_string_append_c(v, ';');
            vcard_text(v, sp + 1);
            g_free(family);
        } else {
            vcard_text(v, p->name);
            g_string_append_c(v, ';');
        }
        g_string_append(v, ";;;\r\n");
        if (p->org)
            vcard_line(v, "ORG", p->org);
        if (p->title)
            vcard_line(v, "TITLE", p->title);
        g_string_append_printf(v, "EMAIL;TYPE=INTERNET,%s:%s\r\n", p->org ? "WORK" : "HOME",
                               p->addr);
        if (p->phone)
            g_string_append_printf(v, "TEL;TYPE=%s:%s\r\n", p->org ? "WORK" : "CELL", p->phone);
        g_string_append_printf(v, "CATEGORIES:%s\r\nEND:VCARD\r\n", p->vcard);
    }
    *len = v->len;
    return g_string_free(v, FALSE);
}
