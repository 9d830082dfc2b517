/* credentials.h — login settings of a [smtp] or [imap] section (internal).
 *
 * One rule for every server parley logs in to: a password never sits in
 * parley.conf (the file people copy and share); it comes from a file of its
 * own that only its owner can read (password-file), from a command such as
 * a password manager (password-command), or from a netrc-style file that
 * libcurl reads itself (netrc-file). See docs/config.md.
 */
#ifndef PARLEY_CREDENTIALS_H
#define PARLEY_CREDENTIALS_H

#include "parley.h"

G_BEGIN_DECLS

typedef struct {
    char *group;            /* "smtp", "imap": for messages */
    char *user;             /* [group] user, or NULL */
    char *password_file;    /* resolved path, or NULL */
    char *password_command; /* shell command, or NULL */
    char *netrc;            /* resolved path of a netrc-style file, or NULL */
} pl_credentials;

/* Reads user, password-file, password-command and netrc-file of [group] in
 * cfg->path (a missing file or section leaves everything NULL). Refuses a
 * "password" key and both password-file and password-command at once.
 * Nothing is read or run yet: see pl_credentials_password(). */
gboolean pl_credentials_load(const pl_config *cfg, const char *group, pl_credentials *c,
                             GError **err);
/* The password from password-file (refused when group or others may read
 * it) or password-command (its first line of output; stdin and stderr stay
 * the terminal's so a password manager can ask), or NULL in *out when
 * neither is set. The caller wipes it with pl_credentials_wipe(). */
gboolean pl_credentials_password(const pl_credentials *c, char **out, GError **err);
/* Overwrites and frees a password. */
void pl_credentials_wipe(char *password);
void pl_credentials_clear(pl_credentials *c);

/* "~/x" is under home; a relative path is relative to the config file. */
char *pl_config_relative_path(const pl_config *cfg, const char *p);

G_END_DECLS

#endif
