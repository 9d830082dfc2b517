/* model.c — the event value type and the names of the model's enums.
 *
 * Names here are the spelling used in JSON output, config files and the CLI,
 * so they are part of the interface: change them only with a migration note.
 */
#include "parley.h"
#include "detect.h"

#include <string.h>

G_DEFINE_QUARK(parley - error - quark, parley_error)

static const char *const category_names[PL_CAT__COUNT] = {
    "customer", "prospect", "frontline", "partner", "vendor",       "supplier",
    "manager",  "internal", "personal",  "other",   "unclassified",
};
static const char *const channel_names[PL_CH__COUNT] = {"email", "call", "chat", "note", "meeting"};
static const char *const direction_names[] = {"unknown", "in", "out", "internal"};
static const char *const role_names[PL_ROLE__COUNT] = {"from", "to",       "cc",
                                                       "bcc",  "reply-to", "list"};

const char *pl_category_name(pl_category c)
{
    return (unsigned)c < PL_CAT__COUNT ? category_names[c] : "unclassified";
}

int pl_category_precedence(pl_category c)
{
    static const pl_category order[] = {
        PL_CAT_CUSTOMER,  PL_CAT_PROSPECT, PL_CAT_PARTNER,  PL_CAT_VENDOR,
        PL_CAT_SUPPLIER,  PL_CAT_PERSONAL, PL_CAT_OTHER,    PL_CAT_UNCLASSIFIED,
        PL_CAT_FRONTLINE, PL_CAT_MANAGER,  PL_CAT_INTERNAL,
    };
    G_STATIC_ASSERT(G_N_ELEMENTS(order) == PL_CAT__COUNT);
    for (int i = 0; i < (int)G_N_ELEMENTS(order); i++)
        if (order[i] == c)
            return i;
    return PL_CAT__COUNT;
}

gboolean pl_category_is_ours(pl_category c)
{
    return c == PL_CAT_INTERNAL || c == PL_CAT_MANAGER || c == PL_CAT_FRONTLINE;
}

int pl_category_parse(const char *name)
{
    if (!name)
        return -1;
    for (int i = 0; i < PL_CAT__COUNT; i++) {
        size_t n = strlen(category_names[i]);
        if (g_ascii_strncasecmp(name, category_names[i], n) == 0 &&
            (name[n] == '\0' || (g_ascii_tolower(name[n]) == 's' && name[n + 1] == '\0')))
            return i;
    }
    if (g_ascii_strcasecmp(name, "staff") == 0 || g_ascii_strcasecmp(name, "colleague") == 0)
        return PL_CAT_INTERNAL;
    if (g_ascii_strcasecmp(name, "boss") == 0)
        return PL_CAT_MANAGER;
    if (g_ascii_strcasecmp(name, "client") == 0 || g_ascii_strcasecmp(name, "clients") == 0)
        return PL_CAT_CUSTOMER;
    if (g_ascii_strcasecmp(name, "lead") == 0 || g_ascii_strcasecmp(name, "leads") == 0)
        return PL_CAT_PROSPECT;
    return -1;
}

const char *pl_channel_name(pl_channel c)
{
    return (unsigned)c < PL_CH__COUNT ? channel_names[c] : "?";
}

const char *pl_direction_name(pl_direction d)
{
    return (unsigned)d <= PL_DIR_INTERNAL ? direction_names[d] : "?";
}

const char *pl_role_name(pl_role r)
{
    return (unsigned)r < PL_ROLE__COUNT ? role_names[r] : "?";
}

pl_event *pl_event_new(pl_channel ch)
{
    pl_event *ev = g_new0(pl_event, 1);
    ev->channel = ch;
    ev->refs = g_ptr_array_new_with_free_func(g_free);
    ev->participants = g_array_new(FALSE, TRUE, sizeof(pl_participant));
    return ev;
}

void pl_event_free(pl_event *ev)
{
    if (!ev)
        return;
    for (guint i = 0; i < ev->participants->len; i++) {
        pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        g_free(p->value);
        g_free(p->name);
    }
    g_array_free(ev->participants, TRUE);
    g_ptr_array_free(ev->refs, TRUE);
    if (ev->sig_numbers)
        g_ptr_array_free(ev->sig_numbers, TRUE);
    g_free(ev->subject);
    g_free(ev->body);
    g_free(ev->text_own);
    pl_detected_free(ev->detected);
    g_free(ev->source_key);
    g_free(ev->message_id);
    g_free(ev);
}

void pl_event_add_participant(pl_event *ev, pl_identity_kind kind, const char *value,
                              const char *name, pl_role role)
{
    g_return_if_fail(value && *value);
    /* One identity holds one role once: a To that is also Cc stays To. */
    for (guint i = 0; i < ev->participants->len; i++) {
        pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        if (p->kind == kind && strcmp(p->value, value) == 0 &&
            (p->role == role || (role != PL_ROLE_FROM && p->role != PL_ROLE_FROM &&
                                 role != PL_ROLE_LIST && p->role != PL_ROLE_LIST)))
            return;
    }
    pl_participant p = {kind, g_strdup(value), (name && *name) ? g_strdup(name) : NULL, role};
    g_array_append_val(ev->participants, p);
}

const pl_participant *pl_event_author(const pl_event *ev)
{
    for (guint i = 0; i < ev->participants->len; i++) {
        const pl_participant *p = &g_array_index(ev->participants, pl_participant, i);
        if (p->role == PL_ROLE_FROM)
            return p;
    }
    return NULL;
}

void pl_strv_add_unique(GPtrArray *a, char *v)
{
    for (guint i = 0; i < a->len; i++)
        if (strcmp(a->pdata[i], v) == 0) {
            g_free(v);
            return;
        }
    g_ptr_array_add(a, v);
}
