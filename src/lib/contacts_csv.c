/* contacts_csv.c — reads contacts CSV exports (Google Contacts, old and new
 * layouts; Outlook) into pl_contact records for contacts.c.
 *
 * The header row says which column is what; names are matched
 * case-insensitively so small spelling drifts between exporter versions do
 * not matter. libcsv does the quoting (fields with embedded newlines); the
 * text is fed one physical line at a time so that warnings can name the line
 * a record starts on.
 */
#include "contacts_int.h"

#include <csv.h>
#include <string.h>

/* libcsv's parser state between rows (ROW_NOT_BEGUN in libcsv.c). The
 * struct is public in csv.h; reading the state is the only way to know
 * whether the next physical line starts a new record or continues a quoted
 * field. */
#define CSV_STATE_ROW_NOT_BEGUN 0
#define CSV_STATE_FIELD_BEGUN 2

typedef enum {
    COL_IGNORE = 0,
    COL_NAME,
    COL_GIVEN,
    COL_MIDDLE,
    COL_FAMILY,
    COL_ORG,
    COL_EMAIL,
    COL_PHONE,
    COL_LABELS,
} col_kind;

typedef struct {
    pl_contacts_job *job;
    GError **err;
    GPtrArray *fields; /* char*: the record being read */
    GArray *cols;      /* col_kind per column; NULL until the header is read */
    guint line;        /* physical line being fed */
    guint rec_line;    /* line the current record started on */
    gboolean failed;
} csv_reader;

static gboolean eq_any(const char *h, const char *const *names)
{
    for (; *names; names++)
        if (strcmp(h, *names) == 0)
            return TRUE;
    return FALSE;
}

/* "e-mail 2 - value" -> TRUE for prefix "e-mail ", suffix " - value" with
 * only digits between. */
static gboolean numbered(const char *h, const char *prefix, const char *suffix)
{
    size_t hl = strlen(h), pl = strlen(prefix), sl = strlen(suffix);
    if (hl <= pl + sl || strncmp(h, prefix, pl) != 0 || strcmp(h + hl - sl, suffix) != 0)
        return FALSE;
    for (size_t i = pl; i < hl - sl; i++)
        if (!g_ascii_isdigit(h[i]))
            return FALSE;
    return TRUE;
}

/* Outlook phone columns: "Mobile Phone", "Business Phone 2", "Home Phone",
 * ... all end in "phone" or "phone N"; faxes and pagers do not take calls. */
static gboolean outlook_phone(const char *h)
{
    size_t n = strlen(h);
    while (n && g_ascii_isdigit(h[n - 1]))
        n--;
    while (n && h[n - 1] == ' ')
        n--;
    if (n < 5 || strncmp(h + n - 5, "phone", 5) != 0)
        return FALSE;
    return n == 5 || h[n - 6] == ' '; /* "phone" must be a word of its own */
}

static col_kind column_kind(const char *raw)
{
    static const char *const name[] = {"name", "full name", "display name", NULL};
    static const char *const given[] = {"given name", "first name", NULL};
    static const char *const middle[] = {"additional name", "middle name", NULL};
    static const char *const family[] = {"family name", "last name", "surname", NULL};
    static const char *const org[] = {"organization 1 - name", "organization name", "company",
                                      "organization",          "organisation",      NULL};
    static const char *const email[] = {"e-mail address", "email address",   "e-mail", "email",
                                        "primary email",  "secondary email", NULL};
    static const char *const phone[] = {"mobile", "telephone", NULL};
    static const char *const labels[] = {"group membership", "labels", "categories", NULL};
    char *h = g_ascii_strdown(raw, -1);
    g_strstrip(h);
    col_kind k = COL_IGNORE;
    if (eq_any(h, name))
        k = COL_NAME;
    else if (eq_any(h, given))
        k = COL_GIVEN;
    else if (eq_any(h, middle))
        k = COL_MIDDLE;
    else if (eq_any(h, family))
        k = COL_FAMILY;
    else if (eq_any(h, org))
        k = COL_ORG;
    else if (eq_any(h, email) || numbered(h, "e-mail ", " - value") ||
             numbered(h, "e-mail ", " address") || numbered(h, "email ", " - value"))
        k = COL_EMAIL;
    else if (eq_any(h, phone) || numbered(h, "phone ", " - value") || outlook_phone(h))
        k = COL_PHONE;
    else if (eq_any(h, labels))
        k = COL_LABELS;
    g_free(h);
    return k;
}

/* Reads the header row; FALSE (err set) when it is no layout we know. */
static gboolean read_header(csv_reader *r)
{
    r->cols = g_array_sized_new(FALSE, TRUE, sizeof(col_kind), r->fields->len);
    gboolean name = FALSE, email = FALSE, phone = FALSE;
    for (guint i = 0; i < r->fields->len; i++) {
        col_kind k = column_kind(r->fields->pdata[i]);
        g_array_append_val(r->cols, k);
        name |= k == COL_NAME || k == COL_GIVEN || k == COL_FAMILY;
        email |= k == COL_EMAIL;
        phone |= k == COL_PHONE;
    }
    if (email || (name && phone))
        return TRUE;
    GString *seen = g_string_new(NULL);
    for (guint i = 0; i < r->fields->len && i < 8; i++)
        g_string_append_printf(seen, "%s\"%s\"", i ? ", " : "", (char *)r->fields->pdata[i]);
    if (r->fields->len > 8)
        g_string_append(seen, ", ...");
    g_set_error(r->err, PARLEY_ERROR, PL_ERR_PARSE,
                "%s: not a vCard, and not a contacts CSV layout parley knows: expected a "
                "header row with Google Contacts columns (\"Name\" or \"First Name\", "
                "\"E-mail 1 - Value\", \"Phone 1 - Value\", \"Organization 1 - Name\", "
                "\"Group Membership\"/\"Labels\") or Outlook columns (\"First Name\", "
                "\"Last Name\", \"E-mail Address\", \"Mobile Phone\", \"Company\", "
                "\"Categories\"); found %s",
                pl_contacts_job_path(r->job), seen->len ? seen->str : "no columns");
    g_string_free(seen, TRUE);
    return FALSE;
}

/* Google puts several values in one cell: "a@x.com ::: b@x.com". */
static void add_values(GPtrArray *to, const char *cell)
{
    char **v = g_strsplit(cell, ":::", -1);
    for (char **p = v; *p; p++) {
        g_strstrip(*p);
        if (**p)
            g_ptr_array_add(to, g_strdup(*p));
    }
    g_strfreev(v);
}

static void set_once(char **slot, const char *v)
{
    if (!*slot && *v)
        *slot = g_strstrip(g_strdup(v));
}

static void end_record(int term, void *data)
{
    csv_reader *r = data;
    if (r->failed)
        goto done;
    if (!r->cols) {
        r->failed = !read_header(r);
        goto done;
    }
    pl_contact *c = pl_contact_new(r->rec_line);
    for (guint i = 0; i < r->fields->len && i < r->cols->len; i++) {
        const char *v = r->fields->pdata[i];
        switch (g_array_index(r->cols, col_kind, i)) {
        case COL_NAME:
            set_once(&c->name, v);
            break;
        case COL_GIVEN:
            set_once(&c->given, v);
            break;
        case COL_MIDDLE:
            set_once(&c->middle, v);
            break;
        case COL_FAMILY:
            set_once(&c->family, v);
            break;
        case COL_ORG:
            set_once(&c->org, v);
            break;
        case COL_EMAIL:
            add_values(c->emails, v);
            break;
        case COL_PHONE:
            add_values(c->phones, v);
            break;
        case COL_LABELS:
            add_values(c->labels, v);
            break;
        case COL_IGNORE:
            break;
        }
    }
    r->failed = !pl_contacts_job_add(r->job, c, r->err);
    pl_contact_free(c);
done:
    g_ptr_array_set_size(r->fields, 0);
}

static void end_field(void *s, size_t len, void *data)
{
    csv_reader *r = data;
    g_ptr_array_add(r->fields, s ? g_strndup(s, len) : g_strdup(""));
}

/* Outlook writes ';' where the locale's decimal separator is ','; take the
 * delimiter that occurs most often outside quotes in the header line. */
static unsigned char guess_delimiter(const char *text, gsize len)
{
    const char cand[] = {',', ';', '\t'};
    guint count[3] = {0};
    gboolean quoted = FALSE;
    for (gsize i = 0; i < len && (quoted || (text[i] != '\n' && text[i] != '\r')); i++) {
        if (text[i] == '"')
            quoted = !quoted;
        for (int k = 0; !quoted && k < 3; k++)
            count[k] += text[i] == cand[k];
    }
    int best = 0;
    for (int k = 1; k < 3; k++)
        if (count[k] > count[best])
            best = k;
    return (unsigned char)cand[best];
}

gboolean pl_contacts_read_csv(pl_contacts_job *job, const char *text, gsize len, GError **err)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE, "%s: out of memory",
                    pl_contacts_job_path(job));
        return FALSE;
    }
    csv_set_delim(&p, guess_delimiter(text, len));
    csv_reader r = {.job = job, .err = err, .fields = g_ptr_array_new_with_free_func(g_free)};
    gsize pos = 0;
    while (pos < len && !r.failed) {
        /* One physical line: up to LF, CRLF or a lone CR. */
        gsize e = pos;
        while (e < len && text[e] != '\n' && text[e] != '\r')
            e++;
        if (e < len)
            e += (text[e] == '\r' && e + 1 < len && text[e + 1] == '\n') ? 2 : 1;
        r.line++;
        if (p.pstate == CSV_STATE_ROW_NOT_BEGUN)
            r.rec_line = r.line;
        if (csv_parse(&p, text + pos, e - pos, end_field, end_record, &r) != e - pos) {
            g_set_error(err, PARLEY_ERROR, PL_ERR_PARSE, "%s:%u: %s", pl_contacts_job_path(job),
                        r.line, csv_strerror(csv_error(&p)));
            r.failed = TRUE;
        }
        pos = e;
    }
    if (!r.failed && p.quoted && p.pstate == CSV_STATE_FIELD_BEGUN)
        pl_contacts_job_warn(job, r.rec_line,
                             "a quoted field is never closed: the rest of the file was read "
                             "as part of this record");
    if (!r.failed)
        csv_fini(&p, end_field, end_record, &r);
    if (!r.failed && !r.cols) /* only blank lines: nothing to import, nothing wrong */
        pl_contacts_job_warn(job, 0, "no header row; nothing imported");
    csv_free(&p);
    g_ptr_array_unref(r.fields);
    if (r.cols)
        g_array_free(r.cols, TRUE);
    return !r.failed;
}
