/* mail_flags.c — is a message machine-written, and did it come through a
 * human mailing list?
 *
 * Machine mail (auto-replies, newsletters, notifications, bounces) is never a
 * conversation turn, so getting this wrong skews every report: a vendor's
 * newsletter would look like the vendor talking to us every week. The rules
 * are header facts first (RFC 3834 Auto-Submitted, Precedence, List-*), then
 * well-known sender local parts and subjects. Human list mail (List-Post
 * present, or addressed to the list itself) carries List-Unsubscribe and
 * "Precedence: list/bulk" too, and is NOT bulk: on a support list those are
 * real customer conversations.
 */
#include "mail.h"

#include <string.h>

/* Subjects auto-responders put first (prefixes, compared case-folded,
 * after any "[list]" tags): Outlook / Exchange in the languages they ship,
 * Gmail, Lotus Notes and the usual vacation programs. */
static const char *const autoreply_subjects[] = {
    "Out of office",
    "Automatic reply",
    "Auto-reply",
    "Autoreply",
    "Auto reply",
    "Abwesenheitsnotiz",
    "Absence",
    "AutoReply:",
    "Out of the office",
    "OOF:",
    "OOO:",
    "Automatic response",
    "Auto response",
    "Auto-response",
    "Autoresponse",
    "Automated reply",
    "Automated response",
    "Vacation reply",
    "Réponse automatique",
    "Reponse automatique",
    "Absent du bureau",
    "Automatische Antwort",
    "Automatisch antwoord",
    "Respuesta automática",
    "Respuesta automatica",
    "Fuera de la oficina",
    "Risposta automatica",
    "Resposta automática",
    "Resposta automatica",
    "Autosvar",
    "Automatisk svar",
    "Automaattinen vastaus",
    "Odpowiedź automatyczna",
    "Automatická odpověď",
    "Automatikus válasz",
    "Otomatik yanıt",
    "Автоматический ответ",
    "自动回复",
    "自動回覆",
    "自動応答",
    "自動返信",
    NULL,
};

/* X-Mailer values of auto-responders (case-insensitive substrings). */
static const char *const autoreply_mailers[] = {
    "autorespond", "auto-respond", "auto respond", "autoreply",
    "auto-reply",  "auto reply",   "vacation",     NULL};

/* Sender local parts of machines. Matched whole (after dropping a +tag), or
 * as a prefix followed by a separator for the ones that get decorated
 * ("noreply-billing", "bounces-123"). */
static const char *const machine_locals[] = {
    "noreply",      "no-reply",      "no_reply",     "donotreply",    "do-not-reply",
    "do_not_reply", "notifications", "notification", "mailer-daemon", "postmaster",
    "bounce",       "bounces",       "news",         "newsletter",    NULL,
};
static const char *const machine_prefixes[] = {
    "noreply", "no-reply", "donotreply", "do-not-reply", "bounce", "mailer-daemon", NULL};

/* The first token of a header value, compared case-insensitively. */
static gboolean value_is(const char *v, const char *word)
{
    if (!v)
        return FALSE;
    while (g_ascii_isspace(*v))
        v++;
    size_t n = strlen(word);
    if (g_ascii_strncasecmp(v, word, n) != 0)
        return FALSE;
    char c = v[n];
    return c == '\0' || c == ';' || c == ',' || g_ascii_isspace(c);
}

static gboolean is_machine_local(const char *addr)
{
    const char *at = addr ? strrchr(addr, '@') : NULL;
    if (!at || at == addr)
        return FALSE;
    size_t len = at - addr;
    const char *plus = memchr(addr, '+', len);
    size_t base = plus ? (size_t)(plus - addr) : len;
    for (const char *const *m = machine_locals; *m; m++)
        if (strlen(*m) == base && g_ascii_strncasecmp(addr, *m, base) == 0)
            return TRUE;
    for (const char *const *m = machine_prefixes; *m; m++) {
        size_t n = strlen(*m);
        if (len > n && g_ascii_strncasecmp(addr, *m, n) == 0 &&
            (addr[n] == '-' || addr[n] == '_' || addr[n] == '.' || addr[n] == '+' ||
             g_ascii_isdigit(addr[n])))
            return TRUE;
    }
    return FALSE;
}

static gboolean contains_ci(const char *s, const char *needle)
{
    size_t n = strlen(needle);
    for (; s && *s; s++)
        if (g_ascii_strncasecmp(s, needle, n) == 0)
            return TRUE;
    return FALSE;
}

/* The subject list case-folded once (parsing runs on a thread pool). */
static char **folded_subjects(void)
{
    static char **folded;
    if (g_once_init_enter(&folded)) {
        guint n = g_strv_length((char **)autoreply_subjects);
        char **f = g_new0(char *, n + 1);
        for (guint i = 0; i < n; i++)
            f[i] = g_utf8_casefold(autoreply_subjects[i], -1);
        g_once_init_leave(&folded, f);
    }
    return folded;
}

/* is_reply: the message refers to another (In-Reply-To / References), for
 * the weak marker "Auto:". */
static gboolean is_autoreply_subject(const char *subject, gboolean is_reply)
{
    if (!subject)
        return FALSE;
    for (;;) { /* "[List] Out of Office: ..." is the list relaying one */
        while (g_ascii_isspace(*subject))
            subject++;
        const char *close = *subject == '[' ? strchr(subject, ']') : NULL;
        if (!close)
            break;
        subject = close + 1;
    }
    char *fold = g_utf8_casefold(subject, MIN(strlen(subject), 96));
    gboolean yes = FALSE;
    for (char **s = folded_subjects(); *s && !yes; s++)
        yes = g_str_has_prefix(fold, *s);
    /* Lotus Notes: "Jane Doe/Dublin/IE/Acme is out of the office." (not a
     * reply about one: "Re: ... is out of the office"). */
    if (!yes && !g_str_has_prefix(fold, "re:") && !g_str_has_prefix(fold, "aw:") &&
        !g_str_has_prefix(fold, "fw") && !g_str_has_prefix(fold, "sv:"))
        yes = strstr(fold, " is out of the office") || strstr(fold, " am out of the office");
    g_free(fold);
    if (!yes && is_reply && g_ascii_strncasecmp(subject, "Auto:", 5) == 0)
        yes = TRUE;
    return yes;
}

static gboolean is_autoreply_mailer(const char *v)
{
    for (const char *const *m = autoreply_mailers; v && *m; m++)
        if (contains_ci(v, *m))
            return TRUE;
    return FALSE;
}

/* "<>" (possibly with spaces): the null reverse path of bounces. */
static gboolean is_null_path(const char *v)
{
    if (!v)
        return FALSE;
    while (g_ascii_isspace(*v))
        v++;
    if (*v++ != '<')
        return FALSE;
    while (g_ascii_isspace(*v))
        v++;
    if (*v++ != '>')
        return FALSE;
    while (g_ascii_isspace(*v))
        v++;
    return *v == '\0';
}

static gboolean has_mailto(const char *v)
{
    for (; v && *v; v++)
        if (g_ascii_strncasecmp(v, "mailto:", 7) == 0)
            return TRUE;
    return FALSE;
}

guint pl_mail__flags(const pl_mail_headers *h, const char *author, const char *subject,
                     GMimeObject *root)
{
    guint f = 0;
    /* "List-Post: NO" marks an announce-only list: that is a newsletter. */
    /* Old list managers (Mailman 2.0, ezmlm, Yahoo Groups) send no
     * List-Post; mail addressed to the list itself is discussion there too. */
    gboolean human_list = has_mailto(h->list_post) || h->posted_to_list;

    /* RFC 3834 and the vendor variants of it. */
    if (h->auto_submitted && !value_is(h->auto_submitted, "no"))
        f |= PL_EV_AUTOREPLY;
    if (h->x_autoreply || h->x_autorespond || value_is(h->x_autogenerated, "reply") ||
        value_is(h->precedence, "auto_reply") || value_is(h->x_precedence, "auto_reply") ||
        value_is(h->precedence, "auto-reply") ||
        is_autoreply_subject(subject, h->in_reply_to || h->references))
        f |= PL_EV_AUTOREPLY;
    /* Vendor marks: generic autoresponder headers, Exchange rule output
     * (auto-replies and auto-forwards), FirstClass, GMX / Web.de, and
     * mailers that are auto-responders. */
    if (h->x_autoresponder || h->x_exchange_generated ||
        value_is(h->x_fc_machinegenerated, "true") ||
        contains_ci(h->x_post_messageclass, "autoresponder") || is_autoreply_mailer(h->x_mailer))
        f |= PL_EV_AUTOREPLY;

    if (!human_list &&
        (value_is(h->precedence, "bulk") || value_is(h->precedence, "junk") || h->list_unsubscribe))
        f |= PL_EV_BULK;
    if (is_machine_local(author) || is_null_path(h->return_path))
        f |= PL_EV_BULK;
    /* Sending platforms (Amazon SES, ...) stamp Feedback-ID on everything
     * they relay, including people posting to a list through them. */
    if (!human_list && (h->feedback_id || h->x_campaign))
        f |= PL_EV_BULK;
    if (root &&
        g_mime_content_type_is_type(g_mime_object_get_content_type(root), "multipart", "report"))
        f |= PL_EV_BULK; /* delivery status / disposition notifications */

    if (f)
        f |= PL_EV_AUTOMATED;
    if ((h->list_id || human_list) && !(f & PL_EV_BULK))
        f |= PL_EV_LIST;
    return f;
}
