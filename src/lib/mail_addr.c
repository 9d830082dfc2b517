/* mail_addr.c — who took part in a message: author, recipients, the list.
 *
 * The hard part is mailing lists. Mailman and Google Groups rewrite From for
 * DMARC ("Jane via USRP-users" <usrp-users@lists.ettus.com>) and keep the real
 * author in Reply-To (or X-Original-From); taking From at face value would
 * make the list the author of every message on it. The list's own address is
 * recorded with role LIST, never as a person, wherever it appears.
 */
#include "mail.h"

#include <string.h>

static char *clean_name(const char *name)
{
    if (!name)
        return NULL;
    char *s = g_utf8_make_valid(name, -1);
    g_strstrip(s);
    if (!*s) {
        g_free(s);
        return NULL;
    }
    return s;
}

/* First mailbox of a list, expanding groups. */
static InternetAddressMailbox *first_mailbox(InternetAddressList *l, int depth)
{
    int n = l ? internet_address_list_length(l) : 0;
    for (int i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(l, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia))
            return INTERNET_ADDRESS_MAILBOX(ia);
        if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2) {
            InternetAddressMailbox *m = first_mailbox(
                internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), depth + 1);
            if (m)
                return m;
        }
    }
    return NULL;
}

static int count_mailboxes(InternetAddressList *l, int depth)
{
    int n = l ? internet_address_list_length(l) : 0, c = 0;
    for (int i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(l, i);
        if (INTERNET_ADDRESS_IS_MAILBOX(ia))
            c++;
        else if (INTERNET_ADDRESS_IS_GROUP(ia) && depth < 2)
            c += count_mailboxes(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)),
                                 depth + 1);
    }
    return c;
}

/* Adds every mailbox of l (groups expanded) with role; the list's own
 * address, when it shows up as a recipient, is recorded as LIST instead. */
static void add_list(pl_event *ev, InternetAddressList *l, pl_role role, const char *list_addr,
                     int depth)
{
    int n = l ? internet_address_list_length(l) : 0;
    for (int i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(l, i);
        if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            if (depth < 2)
                add_list(ev, internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), role,
                         list_addr, depth + 1);
            continue;
        }
        if (!INTERNET_ADDRESS_IS_MAILBOX(ia))
            continue;
        char *addr =
            pl_address_normalise(internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
        if (!addr)
            continue;
        char *name = clean_name(internet_address_get_name(ia));
        gboolean is_list = list_addr && strcmp(addr, list_addr) == 0;
        pl_event_add_participant(ev, PL_ID_EMAIL, addr, name, is_list ? PL_ROLE_LIST : role);
        g_free(addr);
        g_free(name);
    }
}

/* The mailto: address of a List-Post value ("<mailto:l@x?subject=..>, <http..>"). */
static char *list_post_addr(const char *v)
{
    for (const char *p = v; p && *p; p++) {
        if (g_ascii_strncasecmp(p, "mailto:", 7) != 0)
            continue;
        const char *s = p + 7, *e = s;
        while (*e && *e != '>' && *e != ',' && *e != '?' && !g_ascii_isspace(*e))
            e++;
        char *raw = g_strndup(s, e - s);
        char *addr = pl_address_normalise(raw);
        g_free(raw);
        return addr;
    }
    return NULL;
}

static gboolean list_has(InternetAddressList *l, const char *addr, int depth)
{
    int n = l ? internet_address_list_length(l) : 0;
    for (int i = 0; i < n; i++) {
        InternetAddress *ia = internet_address_list_get_address(l, i);
        if (INTERNET_ADDRESS_IS_GROUP(ia)) {
            if (depth < 2 &&
                list_has(internet_address_group_get_members(INTERNET_ADDRESS_GROUP(ia)), addr,
                         depth + 1))
                return TRUE;
        } else if (INTERNET_ADDRESS_IS_MAILBOX(ia)) {
            char *a = pl_address_normalise(
                internet_address_mailbox_get_addr(INTERNET_ADDRESS_MAILBOX(ia)));
            gboolean hit = a && strcmp(a, addr) == 0;
            g_free(a);
            if (hit)
                return TRUE;
        }
    }
    return FALSE;
}

/* Posting address named by an old-style list header: X-BeenThere (Mailman),
 * Mailing-List: "list x@y; contact ..." (ezmlm, Yahoo Groups) or List-Id
 * "<x.y.z>", whose first dot stands for the '@' in Mailman and Google Groups. */
static char *list_candidate(const char *v, int kind)
{
    if (!v)
        return NULL;
    char *s = g_strstrip(g_strdup(v));
    char *p = s;
    if (kind == 1) {
        if (g_ascii_strncasecmp(p, "list ", 5) != 0) {
            g_free(s);
            return NULL;
        }
        p += 5;
        p[strcspn(p, "; \t\r\n")] = '\0';
    } else if (kind == 2) {
        char *lt = strrchr(p, '<');
        if (lt)
            p = lt + 1;
        p[strcspn(p, ">")] = '\0';
        char *dot = strchr(p, '.');
        if (!dot || strchr(p, '@')) {
            g_free(s);
            return NULL;
        }
        *dot = '@';
    }
    char *addr = pl_address_normalise(p);
    g_free(s);
    return addr;
}

/* Majordomo / Mailman 2 "Sender: owner-list@x" or "list-admin@x" (also
 * -owner, -bounces, -request) -> "list@x". */
static char *list_from_sender(GMimeMessage *msg)
{
    InternetAddressMailbox *m = first_mailbox(g_mime_message_get_sender(msg), 0);
    char *a = m ? pl_address_normalise(internet_address_mailbox_get_addr(m)) : NULL;
    char *at = a ? strrchr(a, '@') : NULL;
    if (!at)
        goto none;
    static const char *const suffixes[] = {"-owner", "-bounces", "-admin", "-request"};
    if (strncmp(a, "owner-", 6) == 0 && at - a > 6) {
        memmove(a, a + 6, strlen(a + 6) + 1);
        return a;
    }
    for (gsize i = 0; i < G_N_ELEMENTS(suffixes); i++) {
        size_t n = strlen(suffixes[i]);
        if ((size_t)(at - a) > n && strncmp(at - n, suffixes[i], n) == 0) {
            memmove(at - n, at, strlen(at) + 1);
            return a;
        }
    }
none:
    g_free(a);
    return NULL;
}

/* The list's posting address: List-Post, else one named by an old-style
 * list header that the message was sent to (To, Cc or Reply-To: someone
 * posted it to a discussion list, which is not a newsletter). */
static char *find_list_addr(GMimeMessage *msg, pl_mail_headers *h)
{
    char *addr = list_post_addr(h->list_post);
    if (addr)
        return addr;
    if (!h->x_beenthere && !h->mailing_list && !h->list_id && !h->precedence)
        return NULL; /* no sign of a list: skip the address comparisons */
    const char *vals[] = {h->x_beenthere, h->mailing_list, h->list_id, NULL};
    for (int k = 0; k < 4; k++) {
        addr = k < 3 ? list_candidate(vals[k], k) : list_from_sender(msg);
        if (addr && (list_has(g_mime_message_get_to(msg), addr, 0) ||
                     list_has(g_mime_message_get_cc(msg), addr, 0) ||
                     list_has(g_mime_message_get_reply_to(msg), addr, 0))) {
            h->posted_to_list = TRUE;
            return addr;
        }
        g_free(addr);
    }
    return NULL;
}

/* "Jane Doe via USRP-users" -> length of "Jane Doe" (and the list name). */
static gsize via_split(const char *name, const char **list_name)
{
    const char *hit = NULL;
    for (const char *p = name; p && *p; p++)
        if (g_ascii_strncasecmp(p, " via ", 5) == 0)
            hit = p;
    if (!hit || hit == name || !hit[5])
        return 0;
    *list_name = hit + 5;
    return hit - name;
}

typedef struct {
    char *addr, *name;
} mailbox_v;

static mailbox_v mailbox_of(InternetAddressMailbox *m)
{
    mailbox_v v = {NULL, NULL};
    if (m) {
        v.addr = pl_address_normalise(internet_address_mailbox_get_addr(m));
        v.name = clean_name(internet_address_get_name(INTERNET_ADDRESS(m)));
    }
    return v;
}

const char *pl_mail__participants(pl_event *ev, GMimeMessage *msg, pl_mail_headers *h)
{
    char *list_addr = find_list_addr(msg, h);
    InternetAddressMailbox *fm = first_mailbox(g_mime_message_get_from(msg), 0);
    if (!fm)
        fm = first_mailbox(g_mime_message_get_sender(msg), 0);
    mailbox_v from = mailbox_of(fm);
    InternetAddressList *reply_to = g_mime_message_get_reply_to(msg);

    const char *via_list = NULL;
    gsize via_len = from.name ? via_split(from.name, &via_list) : 0;
    gboolean rewritten = FALSE;
    if (from.addr && (via_len || (list_addr && strcmp(from.addr, list_addr) == 0))) {
        mailbox_v real = {NULL, NULL};
        if (count_mailboxes(reply_to, 0) == 1)
            real = mailbox_of(first_mailbox(reply_to, 0));
        if ((!real.addr || strcmp(real.addr, from.addr) == 0 ||
             (list_addr && strcmp(real.addr, list_addr) == 0)) &&
            h->x_original_from) { /* Google Groups keeps the author here */
            g_free(real.addr);
            g_free(real.name);
            real = (mailbox_v){NULL, NULL};
            InternetAddressList *xl = internet_address_list_parse(NULL, h->x_original_from);
            if (count_mailboxes(xl, 0) == 1)
                real = mailbox_of(first_mailbox(xl, 0));
            if (xl)
                g_object_unref(xl);
        }
        if (real.addr && strcmp(real.addr, from.addr) != 0 &&
            !(list_addr && strcmp(real.addr, list_addr) == 0)) {
            char *name = via_len ? g_strndup(from.name, via_len) : g_strdup(real.name);
            if (name) {
                g_strstrip(name);
                g_strdelimit(name, "\r\n\t", ' '); /* keep names on one line */
                gsize l = strlen(name);
                if (l >= 2 && (name[0] == '\'' || name[0] == '"') && name[l - 1] == name[0]) {
                    memmove(name, name + 1, l - 2);
                    name[l - 2] = '\0';
                }
            }
            pl_event_add_participant(ev, PL_ID_EMAIL, real.addr, name ? name : real.name,
                                     PL_ROLE_FROM);
            pl_event_add_participant(ev, PL_ID_EMAIL, from.addr, via_len ? via_list : from.name,
                                     PL_ROLE_LIST);
            g_free(name);
            rewritten = TRUE;
        }
        g_free(real.addr);
        g_free(real.name);
    }
    if (!rewritten && from.addr)
        pl_event_add_participant(ev, PL_ID_EMAIL, from.addr, from.name, PL_ROLE_FROM);
    if (list_addr)
        pl_event_add_participant(ev, PL_ID_EMAIL, list_addr, NULL, PL_ROLE_LIST);
    add_list(ev, g_mime_message_get_to(msg), PL_ROLE_TO, list_addr, 0);
    add_list(ev, g_mime_message_get_cc(msg), PL_ROLE_CC, list_addr, 0);
    add_list(ev, g_mime_message_get_bcc(msg), PL_ROLE_BCC, list_addr, 0);
    add_list(ev, reply_to, PL_ROLE_REPLY_TO, list_addr, 0);
    g_free(list_addr);
    g_free(from.addr);
    g_free(from.name);
    const pl_participant *a = pl_event_author(ev);
    return a ? a->value : NULL;
}
