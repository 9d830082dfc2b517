/* demo_text.c — the words of the demo mailbox (see demo.c): subjects and
 * bodies from sentence templates whose {placeholders} are filled from the
 * thread's dm_topic, so one thread keeps talking about the same order.
 * Templates are ASCII: non-ASCII comes from names and the special messages.
 */
#include "demo.h"

#include <string.h>

/* --------------------------------------------------------------- topics */

static const char *const products[] = {
    "Acme Widget Pro", "Acme Cloud Sync",         "the X200 sensor kit",
    "Acme Analytics",  "the annual support plan", NULL,
};
static const char *const customers[] = {"Contoso", "Northwind",        "Initech",
                                        "Globex",  "Brauerei Hofmann", NULL};
static const char *const leads[] = {"Tailspin Toys", "Wingtip Toys", "Fourth Coffee", "Litware",
                                    NULL};
static const char *const weekdays[] = {"Monday",   "Tuesday", "Wednesday",
                                       "Thursday", "Friday",  NULL};
static const char *const all_days[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                       "Friday", "Saturday", "Sunday"};
static const char *const months[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

void dm_topic_init(dm_topic *t, dm_rng *r, dm_kind k, const dm_person *them, gint64 start_ts)
{
    memset(t, 0, sizeof *t);
    t->kind = k;
    t->them = them;
    t->product = dm_pick(r, products);
    t->day = dm_pick(r, weekdays);
    t->cust = dm_pick(r, customers);
    t->cust2 = dm_pick(r, leads);
    GDateTime *dt = g_date_time_new_from_unix_utc(start_ts);
    int mon = g_date_time_get_month(dt); /* 1..12: months[mon] is next month */
    t->month = months[mon % 12];
    t->this_month = months[mon - 1];
    g_snprintf(t->q, sizeof t->q, "%d", (mon - 1) / 3 + 1);
    g_date_time_unref(dt);
    g_snprintf(t->po, sizeof t->po, "PO-%05u", 10000 + dm_below(r, 90000));
    g_snprintf(t->inv, sizeof t->inv, "INV-%04u", 1000 + dm_below(r, 9000));
    g_snprintf(t->ticket, sizeof t->ticket, "%u", 40000 + dm_below(r, 10000));
    g_snprintf(t->n, sizeof t->n, "%u", 5 * (1 + dm_below(r, 60)));
}

/* How others greet p: the hello field, else the first word of the name. */
static char *greet_name(const dm_person *p)
{
    if (p->hello)
        return g_strdup(p->hello);
    const char *sp = strchr(p->name, ' ');
    return sp ? g_strndup(p->name, (gsize)(sp - p->name)) : g_strdup(p->name);
}

static void expand(GString *out, const dm_topic *t, const dm_person *author,
                   const dm_person *reader, const char *tmpl)
{
    for (const char *s = tmpl; *s; s++) {
        const char *end = *s == '{' ? strchr(s, '}') : NULL;
        if (!end) {
            g_string_append_c(out, *s);
            continue;
        }
        char key[16];
        g_strlcpy(key, s + 1, MIN(sizeof key, (gsize)(end - s)));
        s = end;
        const char *v = NULL;
        char *own = NULL;
        if (strcmp(key, "them") == 0)
            v = own = greet_name(reader);
        else if (strcmp(key, "me") == 0)
            v = own = greet_name(author);
        else if (strcmp(key, "org") == 0)
            v = t->them->org ? t->them->org : "your company";
        else if (strcmp(key, "product") == 0)
            v = t->product;
        else if (strcmp(key, "day") == 0)
            v = t->day;
        else if (strcmp(key, "month") == 0)
            v = t->month;
        else if (strcmp(key, "cust") == 0)
            v = t->cust;
        else if (strcmp(key, "cust2") == 0)
            v = t->cust2;
        else if (strcmp(key, "po") == 0)
            v = t->po;
        else if (strcmp(key, "inv") == 0)
            v = t->inv;
        else if (strcmp(key, "ticket") == 0)
            v = t->ticket;
        else if (strcmp(key, "n") == 0)
            v = t->n;
        else if (strcmp(key, "q") == 0)
            v = t->q;
        g_assert(v);
        g_string_append(out, v);
        g_free(own);
    }
}

/* Greedy word wrap at 72 columns (bytes; close enough for a demo). */
static void append_wrapped(GString *out, const char *para)
{
    gsize col = 0;
    char **words = g_strsplit(para, " ", -1);
    for (char **w = words; *w; w++) {
        gsize len = strlen(*w);
        if (!len)
            continue;
        if (col && col + 1 + len > 72) {
            g_string_append_c(out, '\n');
            col = 0;
        } else if (col) {
            g_string_append_c(out, ' ');
            col++;
        }
        g_string_append(out, *w);
        col += len;
    }
    g_string_append_c(out, '\n');
    g_strfreev(words);
}

/* -------------------------------------------------------------- scripts */

/* Index [0] is what the counterpart writes, [1] what Jane writes. */
typedef struct {
    const char *const *subjects;
    const char *const *open[2], *const *reply[2], *const *question[2], *const *promise[2];
} dm_script;

#define L(...) ((const char *const[]){__VA_ARGS__, NULL})

static const char *const hellos_outside[] = {"Hi {them},\n\n", "Hello {them},\n\n",
                                             "Dear {them},\n\n", NULL};
static const char *const hellos_inside[] = {"Hi {them},\n\n", "{them},\n\n", "Hey {them},\n\n",
                                            NULL};
static const char *const closings_outside[] = {"Best regards,", "Kind regards,", "Thanks,", "Best,",
                                               NULL};
static const char *const closings_inside[] = {"Thanks,", "Cheers,", "Best,", NULL};
static const char *const news_items[] = {
    "New warehouse in Rotterdam",    "Price list for next year",    "Holiday shipping deadlines",
    "Two-factor login for everyone", "Faster exports in version 5", NULL};
static const char *const ship_states[] = {"out for delivery", "delivered", "in transit",
                                          "delayed at customs", NULL};

static const dm_script scripts[DM__KINDS] = {
    [DM_CUSTOMER] =
        {
            L("Order {po}: delivery date", "Quote for {n} units of {product}",
              "Question about invoice {inv}", "Renewal of our {product} contract",
              "{product} not working after the update", "Meeting next {day}?",
              "Prices for next year", "Additional licences for {product}",
              "Change of delivery address for {po}", "Feedback on the last shipment"),
            {L("we would like to order {n} more units of {product}.",
               "our order {po} has not arrived yet and the team is starting to ask.",
               "I have a question about invoice {inv}: the amount does not match the quote.",
               "our contract for {product} ends soon and we would like to discuss the renewal.",
               "since the last update {product} keeps crashing on two of our machines.",
               "we are planning next year's budget and need your current price list."),
             L("thanks for your time on the phone today.",
               "as promised, here is the summary of our call about {product}.",
               "I wanted to check in on how {product} is working for your team.",
               "your contract for {product} is up for renewal at the end of {month}.",
               "please find the updated quote for {n} units of {product} below.",
               "just a quick reminder that invoice {inv} is due next week.")},
            {L("Thanks for the quick answer.", "That works for us.",
               "We discussed it internally and would like to go ahead.",
               "The price is a bit higher than we expected.",
               "The delivery arrived this morning, thank you.",
               "Unfortunately the problem is still there.", "Our finance team approved the order."),
             L("Thanks for letting me know.",
               "I checked with our warehouse: order {po} left on {day}.",
               "I have asked our support team to look into it right away.",
               "We can offer a 5% discount if you order before the end of {month}.",
               "The invoice was corrected, you should have the new version shortly.",
               "Good news: the units are in stock.")},
            {L("Could you send us the revised quote?", "When can we expect the delivery?",
               "Is the discount still valid next month?",
               "Can someone from your team call me on {day}?",
               "Do you need a new PO number for this?"),
             L("Could you confirm the delivery address?",
               "Does {day} at 10:00 work for a short call?", "Can you send me the PO number?",
               "How many units will you need next quarter?",
               "Who else should be in the meeting from your side?")},
            {L("I'll send you the signed order by {day}.",
               "I will talk to our CFO and come back to you this week.",
               "We'll send the PO number tomorrow."),
             L("I'll send the revised quote by {day}.",
               "I will check with our warehouse and get back to you tomorrow.",
               "I'll ask Bob to call you on {day} morning.", "We'll ship the replacement by {day}.",
               "I'll send you the contract draft before the end of the week.")},
        },
    [DM_PROSPECT] =
        {
            L("Introduction: {org} and Acme", "Demo of {product}", "Pricing for {n} seats",
              "Following up from the trade fair", "Request for proposal: {product}",
              "Can {product} connect to our ERP?"),
            {L("we met at the trade fair and I would like to learn more about {product}.",
               "we are looking for a replacement for our current system and {product} came up.",
               "could you send us some information about pricing for about {n} users?"),
             L("it was great meeting you at the trade fair last week.",
               "a colleague of yours mentioned that {org} is looking at new tools for your team.",
               "I would love to show you how {product} could help {org}.")},
            {L("Thanks, the overview was helpful.", "We are still comparing three vendors.",
               "Our IT team has a few technical questions.",
               "The timing is not ideal, we are in the middle of a reorganisation.",
               "We would like to see a demo."),
             L("Happy to help.", "Below is a short case study from a similar company.",
               "Many of our customers started with a small pilot.",
               "Our standard onboarding takes about two weeks.")},
            {L("Do you offer a free trial?", "Which ERP systems do you integrate with?",
               "What does support cost per year?", "Can you host the data in the EU?"),
             L("Would {day} afternoon work for a 30-minute demo?", "Who else should join the demo?",
               "What is your timeline for a decision?", "How many people would use {product}?")},
            {L("I'll share your proposal with our management on {day}.",
               "We'll get back to you after our budget meeting."),
             L("I'll send you a tailored proposal by {day}.",
               "I will set up a trial account for you today.",
               "I'll send the demo invite right after this mail.")},
        },
    [DM_COLLEAGUE] =
        {
            L("Q{q} pipeline review", "Customer escalation: {cust}", "Holiday cover in {month}",
              "Slides for the {cust} meeting", "Contract draft for {cust}", "Team lunch on {day}",
              "CRM clean-up"),
            {L("can you have a look at the {cust} numbers before the meeting?",
               "I'm away in {month}, could you cover my accounts for a week?",
               "legal sent back the contract draft for {cust} with a few comments.",
               "the slides for {cust} need an update with the new prices.",
               "quick reminder that the CRM clean-up is due {day}."),
             L("can you have a look at the {cust} numbers before the meeting?",
               "I'm away in {month}, could you cover my accounts for a week?",
               "the slides for {cust} need an update with the new prices.",
               "are you joining the team lunch on {day}?")},
            {L("Sure, no problem.", "Done, I updated the file.",
               "I added my comments in the document.", "Looks good to me.",
               "I can take it, but only after {day}."),
             L("Thanks, that helps a lot.", "Sure, no problem.", "Looks good to me.",
               "Done, the new version is in the shared folder.")},
            {L("Can you send me the latest version?", "Do we need Richard's approval for this?",
               "Are you free for 15 minutes after lunch?", "Which price list did you use?"),
             L("Can you send me the latest version?", "Do we need Richard's approval for this?",
               "Are you free for 15 minutes after lunch?")},
            {L("I'll send it over by {day}.", "I'll book the meeting room."),
             L("I'll update the forecast tonight.", "I'll send it over by {day}.")},
        },
    [DM_MANAGER] =
        {
            L("1:1 agenda", "Forecast for {month}", "Expense approval: {cust} visit",
              "Discount approval for {cust}", "Your Q{q} targets"),
            {L("please send me your forecast for {month} before {day}.",
               "for our 1:1, let's go through the {cust} renewal and your Q{q} targets.",
               "I looked at the discount request for {cust}."),
             L("here is my forecast for {month}.",
               "could you approve the expenses for my visit to {cust}?",
               "{cust} is asking for a 12% discount and I need your approval.")},
            {L("Approved.", "OK, but let's not go beyond 10%.", "Good progress, thanks.",
               "Let's discuss this in our 1:1."),
             L("Thanks for the quick approval.", "Understood, I'll tell them.",
               "I've updated the numbers.")},
            {L("What is the risk that {cust} churns?", "Can you send me the updated numbers?"),
             L("Do you have time on {day} for 30 minutes?", "Should I involve finance?")},
            {L("I'll sign it off today."),
             L("I'll send the updated forecast by {day}.", "I'll prepare the slides for the QBR.")},
        },
    [DM_FRONTLINE] =
        {
            L("Ticket #{ticket}: {cust} cannot log in", "Escalation from support: {cust}",
              "Callback request from {cust}", "RMA for {cust}, order {po}",
              "Known issue with {product}?"),
            {L("{cust} called support again about ticket #{ticket}, they are quite upset.",
               "a customer from {cust} asked for a callback from their account manager.",
               "we received a return request for order {po} from {cust}."),
             L("{cust} told me they have had problems with {product} for a week. Is there a "
               "ticket?",
               "could you check the status of ticket #{ticket} for {cust}?")},
            {L("The ticket is now with second-level support.",
               "I sent them a workaround this morning.", "The RMA is approved.",
               "They confirmed it works again."),
             L("Thanks, I'll let the customer know.", "Great, that was quick.",
               "I called them and they are fine for now.")},
            {L("Can you call them today?", "Should we offer them a credit note?"),
             L("Is there an ETA for the fix?", "Can you add me to the ticket?")},
            {L("I'll update you as soon as engineering replies."),
             L("I'll call them this afternoon.", "I'll take it from here.")},
        },
    [DM_VENDOR] =
        {
            L("Your {org} subscription renewal", "Support case {ticket}",
              "New pricing from January", "Onboarding call", "Invoice {inv} for {month}"),
            {L("your {org} subscription renews on the first of {month}.",
               "we are updating our pricing from January and wanted to tell you first.",
               "thanks for opening support case {ticket}."),
             L("we are having trouble with the export function since last week.",
               "could you send us invoice {inv} again with our new VAT number?",
               "we'd like to add three more users to our plan.")},
            {L("I've forwarded this to our technical team.", "The new users are now active.",
               "The corrected invoice is attached."),
             L("Thanks, that solved it.", "We will review the new prices internally.",
               "Perfect, thank you.")},
            {L("Would you like to switch to annual billing?",
               "Can we schedule a short review call?"),
             L("Is there a discount for a two-year term?", "Can you extend the trial by a week?")},
            {L("I'll send the updated contract by {day}."),
             L("I'll confirm the renewal by {day}.")},
        },
    [DM_SUPPLIER] =
        {
            L("Delivery of {n} units", "Invoice {inv}", "Price change for components",
              "Lead time for order {po}", "Backorder notice for {po}"),
            {L("please find our invoice {inv} for order {po} attached.",
               "due to higher material costs our prices will rise by 4% from {month}.",
               "part of order {po} is on backorder until {day}."),
             L("we need {n} units of the X200 housing by the end of {month}.",
               "what is the current lead time for order {po}?")},
            {L("The goods will leave our warehouse on {day}.",
               "We can split the delivery if that helps.", "Payment received, thank you."),
             L("A split delivery works for us.", "Thanks, we will pay this week.",
               "That is too late for our customer, unfortunately.")},
            {L("Should we ship by air or by sea?", "Can you confirm the delivery address?"),
             L("Can you deliver earlier?", "Is the price fixed until the end of the year?")},
            {L("I'll send the tracking number as soon as it ships."),
             L("I'll send the purchase order by {day}.")},
        },
    [DM_PARTNER] =
        {
            L("Joint proposal for {cust2}", "Referral: {cust2}", "Co-marketing webinar in {month}",
              "Partner pricing update", "Lead hand-over: {cust2}"),
            {L("we have a lead at {cust2} that would be a good fit for {product}.",
               "would Acme like to co-host a webinar with us in {month}?"),
             L("I'd like to prepare a joint proposal for {cust2}.",
               "our partner prices change from {month}, please find the summary below.")},
            {L("Sounds good, we're in.", "I've introduced you to their CTO by mail.",
               "Our marketing team likes the idea."),
             L("Thanks for the introduction!", "Great, I'll prepare the first draft.",
               "That's a fair split.")},
            {L("Can you send us your partner deck?", "Who leads the proposal on your side?"),
             L("Could we meet on {day} to align?", "What is their budget?")},
            {L("I'll send the contact details by {day}."), L("I'll draft the proposal by {day}.")},
        },
    [DM_UNKNOWN] =
        {
            L("Quick question", "Partnership opportunity", "Are you the right person?",
              "Invitation: regional business breakfast", "Following up on my message"),
            {L("I came across your profile and wanted to reach out.",
               "we help companies like Acme reduce their shipping costs by up to 30%.",
               "we are organising a business breakfast in {month} and would love to see you "
               "there."),
             L("thanks for reaching out.")},
            {L("Just following up on my previous mail.", "Thanks for getting back to me."),
             L("Thanks, but we are not interested at the moment.",
               "Please remove me from your list.", "Could you send some more details?")},
            {L("Do you have 15 minutes next {day}?", "Who would be the right person to talk to?"),
             L("How did you get my address?")},
            {L("I'll send you a short overview."), L("I'll forward this to our office manager.")},
        },
    [DM_LIST] =
        {
            L("[openthing-users] Upgrade to 4.2 breaks CSV import",
              "[openthing-users] Best practice for backups?", "[openthing-users] Meetup in {month}",
              "[openthing-users] Encoding problems in the export"),
            {L("after upgrading to 4.2 our CSV import fails with an encoding error.",
               "how do you back up your OpenThing database?",
               "we are planning a user meetup in {month}."),
             L("after upgrading to 4.2 our CSV import fails with an encoding error.",
               "how do you back up your OpenThing database?")},
            {L("Same here, the workaround is to save the file as UTF-8 first.",
               "We use nightly dumps plus a weekly full copy.", "Count me in for the meetup.",
               "This was fixed in 4.2.1."),
             L("Same here, the workaround is to save the file as UTF-8 first.",
               "Thanks, that did the trick.", "We use nightly dumps plus a weekly full copy.")},
            {L("Which version are you on?", "Did you file a bug report?", "Is there a date yet?"),
             L("Which version are you on?", "Did you file a bug report?")},
            {L("I'll post our script to the wiki.", "I'll bring a few slides."),
             L("I'll post our script to the wiki.")},
        },
};

/* Free-mail customers talk like company customers. */
static const dm_script *script_for(dm_kind k)
{
    const dm_script *sc = &scripts[k == DM_FREEMAIL ? DM_CUSTOMER : k];
    g_assert(sc->subjects);
    return sc;
}

char *dm_subject(const dm_topic *t, dm_rng *r)
{
    GString *s = g_string_new(NULL);
    expand(s, t, &dm_me, t->them, dm_pick(r, script_for(t->kind)->subjects));
    return g_string_free(s, FALSE);
}

static void signature(GString *b, dm_rng *r, const dm_person *p)
{
    if (!p->org) {
        /* Private people rarely have one; phones add their own. */
        if (dm_chance(r, 50))
            g_string_append(b, "\nSent from my iPhone\n");
        return;
    }
    g_string_append_printf(b, "\n-- \n%s\n", p->name);
    if (dm_person_internal(p)) {
        g_string_append_printf(b, "%s | Acme%s%s\n", p->title, p->phone ? " | " : "",
                               p->phone ? p->phone : "");
        return;
    }
    if (p->title)
        g_string_append_printf(b, "%s, %s\n", p->title, p->org);
    else
        g_string_append_printf(b, "%s\n", p->org);
    if (p->phone)
        g_string_append_printf(b, "%s\n", p->phone);
}

char *dm_body(const dm_topic *t, dm_rng *r, const dm_person *author, const dm_person *reader,
              guint turn)
{
    const dm_script *sc = script_for(t->kind);
    int side = author == &dm_me ? 1 : 0;
    gboolean inside = dm_person_internal(author) && dm_person_internal(reader);
    GString *b = g_string_new(NULL);
    GString *p = g_string_new(NULL);

    if (t->kind == DM_LIST && turn == 0)
        g_string_append(b, "Hi all,\n\n");
    else
        expand(b, t, author, reader, dm_pick(r, inside ? hellos_inside : hellos_outside));

    expand(p, t, author, reader, dm_pick(r, turn == 0 ? sc->open[side] : sc->reply[side]));
    if (dm_chance(r, turn == 0 ? 60 : 40)) {
        g_string_append_c(p, ' ');
        expand(p, t, author, reader, dm_pick(r, sc->question[side]));
    }
    if (dm_chance(r, 40)) {
        g_string_append_c(p, ' ');
        expand(p, t, author, reader, dm_pick(r, sc->promise[side]));
    }
    p->str[0] = g_ascii_toupper(p->str[0]);
    append_wrapped(b, p->str);
    g_string_free(p, TRUE);

    g_string_append_c(b, '\n');
    g_string_append(b, dm_pick(r, inside ? closings_inside : closings_outside));
    char *me = greet_name(author);
    g_string_append_printf(b, "\n%s\n", author->hello ? author->name : me);
    g_free(me);
    signature(b, r, author);
    return g_string_free(b, FALSE);
}

char *dm_ooo_body(const dm_person *p, gint64 back_ts)
{
    GDateTime *dt = g_date_time_new_from_unix_utc(back_ts);
    char *s = g_strdup_printf(
        "Thank you for your message.\n\n"
        "I am out of the office until %s %d %s with limited access to e-mail.\n"
        "For urgent matters please contact Tom Baker (tom.baker@contoso.example).\n\n"
        "%s\n",
        all_days[g_date_time_get_day_of_week(dt) - 1], g_date_time_get_day_of_month(dt),
        months[g_date_time_get_month(dt) - 1], p->name);
    g_date_time_unref(dt);
    return s;
}

void dm_newsletter(const dm_topic *t, dm_rng *r, const dm_person *p, char **subject, char **text,
                   char **html)
{
    const char *item = dm_pick(r, news_items);
    *subject = g_strdup_printf("%s - %s edition: %s", p->name, t->this_month, item);
    *text = g_strdup_printf("%s - news for %s\n\n"
                            "* %s\n* Webinar on %s: what's new this quarter\n"
                            "* Customer story: how %s cut costs by 20%%\n\n"
                            "Read online: https://%s/news\n"
                            "Unsubscribe: https://%s/unsubscribe\n",
                            p->name, t->this_month, item, t->day, t->cust2, dm_person_domain(p),
                            dm_person_domain(p));
    *html = g_strdup_printf(
        "<html><body style=\"font-family:sans-serif\">\n<h1>%s</h1>\n<ul>\n"
        "<li>%s</li>\n<li>Webinar on %s: what's new this quarter</li>\n"
        "<li>Customer story: how %s cut costs by 20%%</li>\n</ul>\n"
        "<p><a href=\"https://%s/unsubscribe\">Unsubscribe</a></p>\n</body></html>\n",
        p->name, item, t->day, t->cust2, dm_person_domain(p));
}

void dm_notification(const dm_topic *t, dm_rng *r, const dm_person *p, char **subject, char **text)
{
    if (strstr(p->addr, "billing")) {
        *subject = g_strdup_printf("Your invoice %s is available", t->inv);
        *text = g_strdup_printf("Hello,\n\nyour invoice %s for %s is now available in your "
                                "account.\nAmount: USD %u.00\n\n"
                                "This is an automated message, please do not reply.\n",
                                t->inv, t->this_month, 100 + dm_below(r, 900));
    } else {
        *subject = g_strdup_printf("Shipment %s: %s", t->po, dm_pick(r, ship_states));
        *text =
            g_strdup_printf("Tracking update for shipment %s.\n\n"
                            "Status changed on %s. Track it at https://shiptrack.example/t/%s\n\n"
                            "You receive this e-mail because notifications are on.\n",
                            t->po, t->day, t->ticket);
    }
}

/* Escapes like a composer does: only what HTML needs. */
static void html_escape(GString *h, const char *s)
{
    for (; *s; s++) {
        if (*s == '<')
            g_string_append(h, "&lt;");
        else if (*s == '>')
            g_string_append(h, "&gt;");
        else if (*s == '&')
            g_string_append(h, "&amp;");
        else
            g_string_append_c(h, *s);
    }
}

char *dm_text_to_html(const char *text)
{
    GString *h = g_string_new("<html><body>\n<p>");
    char **lines = g_strsplit(text, "\n", -1);
    for (char **l = lines; *l; l++) {
        if (!**l) {
            if (l[1] && *l[1])
                g_string_append(h, "</p>\n<p>");
            continue;
        }
        html_escape(h, *l);
        g_string_append(h, l[1] && *l[1] ? "<br>\n" : "");
    }
    g_strfreev(lines);
    g_string_append(h, "</p>\n</body></html>\n");
    return g_string_free(h, FALSE);
}
