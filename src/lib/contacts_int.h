/* contacts_int.h — what the contacts importer's format readers share.
 *
 * The readers (contacts_vcard.c, contacts_csv.c) only turn bytes into
 * pl_contact records; contacts.c owns everything after that: address
 * normalisation, keys, categories, the store and the statistics. That keeps
 * the mapping rules in one place whatever the file format.
 */
#ifndef PARLEY_CONTACTS_INT_H
#define PARLEY_CONTACTS_INT_H

#include "parley.h"

/* One contact as read from a file, before any normalisation. */
typedef struct {
    guint line;           /* 1-based line the record starts on, for warnings */
    char *uid;            /* vCard UID, or NULL */
    char *name;           /* full display name (FN, "Name"), or NULL */
    char *given, *middle; /* name parts, used when name is missing */
    char *family;
    char *org;          /* organisation name, or NULL */
    gboolean is_org;    /* the card describes an organisation (KIND:org) */
    GPtrArray *emails;  /* char*, raw */
    GPtrArray *phones;  /* char*, raw */
    GPtrArray *handles; /* char*, raw ("xmpp:a@b", "twitter:alice") */
    GPtrArray *labels;  /* char*, raw categories / group names */
} pl_contact;

pl_contact *pl_contact_new(guint line);
void pl_contact_free(pl_contact *c);

/* One import in progress; defined in contacts.c. */
typedef struct pl_contacts_job pl_contacts_job;

/* Stores one record (or skips it with a warning). FALSE only on a store
 * failure, with err set: the reader must stop and return FALSE. */
gboolean pl_contacts_job_add(pl_contacts_job *job, const pl_contact *c, GError **err);
/* A per-record warning at line (0 = the file as a whole). */
void pl_contacts_job_warn(pl_contacts_job *job, guint line, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);
const char *pl_contacts_job_path(const pl_contacts_job *job);
/* Counts a record that a reader dropped itself (after warning). */
void pl_contacts_job_skipped(pl_contacts_job *job);

/* The readers: text is UTF-8 (BOM removed), NUL-terminated at len. */
gboolean pl_contacts_read_vcard(pl_contacts_job *job, const char *text, gsize len, GError **err);
gboolean pl_contacts_read_csv(pl_contacts_job *job, const char *text, gsize len, GError **err);

/* Interim phone normaliser until the E.164 module exists: keeps the digits
 * and a leading '+', drops punctuation, a "tel:" prefix and any extension.
 * NULL when fewer than 3 digits remain. */
char *pl_phone_normalise_simple(const char *raw);

#endif
