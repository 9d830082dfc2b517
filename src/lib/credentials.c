/* credentials.c — user, password and netrc of a [smtp] / [imap] section.
 *
 * Shared by send.c and imap_sync.c so both servers follow one rule: no
 * password in parley.conf, a password file must be private to its owner,
 * a password command's output is read and never echoed. Passwords are
 * wiped from memory when dropped so a core dump holds as few as possible.
 */
#include "credentials.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

char *pl_config_relative_path(const pl_config *cfg, const char *p)
{
    if (g_str_has_prefix(p, "~/"))
        return g_build_filename(g_get_home_dir(), p + 2, NULL);
    if (g_path_is_absolute(p))
        return g_strdup(p);
    char *dir = g_path_get_dirname(cfg->path);
    char *r = g_build_filename(dir, p, NULL);
    g_free(dir);
    return r;
}

static char *get_trimmed(GKeyFile *kf, const char *group, const char *key)
{
    char *v = g_key_file_get_string(kf, group, key, NULL);
    if (v && !*g_strstrip(v)) {
        g_free(v);
        v = NULL;
    }
    return v;
}

gboolean pl_credentials_load(const pl_config *cfg, const char *group, pl_credentials *c,
                             GError **err)
{
    memset(c, 0, sizeof *c);
    c->group = g_strdup(group);
    GKeyFile *kf = g_key_file_new();
    g_key_file_load_from_file(kf, cfg->path, G_KEY_FILE_NONE, NULL);
    gboolean ok = FALSE;
    char *pwfile = NULL, *netrc = NULL;
    if (g_key_file_has_key(kf, group, "password", NULL)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "%s: [%s] password is not read: passwords are never kept in parley.conf; "
                    "put it in a file of its own (password-file, mode 600), give a "
                    "password-command or a netrc-file",
                    cfg->path, group);
        goto out;
    }
    c->user = get_trimmed(kf, group, "user");
    pwfile = get_trimmed(kf, group, "password-file");
    c->password_command = get_trimmed(kf, group, "password-command");
    netrc = get_trimmed(kf, group, "netrc-file");
    if (pwfile && c->password_command) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "%s: [%s] has both password-file and password-command: keep one", cfg->path,
                    group);
        goto out;
    }
    if (pwfile)
        c->password_file = pl_config_relative_path(cfg, pwfile);
    if (netrc)
        c->netrc = pl_config_relative_path(cfg, netrc);
    ok = TRUE;
out:
    g_free(pwfile);
    g_free(netrc);
    g_key_file_free(kf);
    return ok;
}

static gboolean read_password_file(const pl_credentials *c, char **out, GError **err)
{
    struct stat sb;
    if (stat(c->password_file, &sb) != 0) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG, "[%s] password-file %s: %s", c->group,
                    c->password_file, g_strerror(errno));
        return FALSE;
    }
    if (sb.st_mode & 077) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG,
                    "[%s] password-file %s can be read by others; chmod 600 it", c->group,
                    c->password_file);
        return FALSE;
    }
    char *text = NULL;
    if (!g_file_get_contents(c->password_file, &text, NULL, err)) {
        g_prefix_error(err, "[%s] password-file: ", c->group);
        return FALSE;
    }
    text[strcspn(text, "\r\n")] = '\0';
    *out = text;
    return TRUE;
}

static gboolean run_password_command(const pl_credentials *c, char **out, GError **err)
{
    const char *argv[] = {"/bin/sh", "-c", c->password_command, NULL};
    char *text = NULL;
    int status = 0;
    GError *e = NULL;
    /* stdin and stderr stay ours: a password manager may ask for its
     * passphrase on the terminal. Only stdout is read. */
    if (!g_spawn_sync(NULL, (char **)argv, NULL, G_SPAWN_CHILD_INHERITS_STDIN, NULL, NULL, &text,
                      NULL, &status, &e)) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG, "[%s] password-command could not run: %s",
                    c->group, e->message);
        g_error_free(e);
        return FALSE;
    }
    if (!g_spawn_check_wait_status(status, &e)) {
        /* The message says how it ended, never what it printed. */
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG, "[%s] password-command failed: %s", c->group,
                    e->message);
        g_error_free(e);
        pl_credentials_wipe(text);
        return FALSE;
    }
    text[strcspn(text, "\r\n")] = '\0';
    if (!*text) {
        g_set_error(err, PARLEY_ERROR, PL_ERR_CONFIG, "[%s] password-command printed no password",
                    c->group);
        pl_credentials_wipe(text);
        return FALSE;
    }
    *out = text;
    return TRUE;
}

gboolean pl_credentials_password(const pl_credentials *c, char **out, GError **err)
{
    *out = NULL;
    if (c->password_file)
        return read_password_file(c, out, err);
    if (c->password_command)
        return run_password_command(c, out, err);
    return TRUE;
}

void pl_credentials_wipe(char *password)
{
    if (password)
        memset(password, 0, strlen(password));
    g_free(password);
}

void pl_credentials_clear(pl_credentials *c)
{
    g_free(c->group);
    g_free(c->user);
    g_free(c->password_file);
    g_free(c->password_command);
    g_free(c->netrc);
    memset(c, 0, sizeof *c);
}
