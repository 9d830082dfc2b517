/* gmime_parse.c — the ceiling for mail ingest: a bare GMime 3 pass over a
 * Maildir (or any tree of message files), one thread, doing only what any
 * indexer must: parse each message, read its headers and References, and
 * decode the first text part. parley ingest is measured against this. */
#include <dirent.h>
#include <fcntl.h>
#include <gmime/gmime.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

static long messages, bytes_text;

static void parse_file(const char *path)
{
    GMimeStream *s = g_mime_stream_fs_open(path, O_RDONLY, 0, NULL);
    if (!s)
        return;
    GMimeParser *p = g_mime_parser_new_with_stream(s);
    GMimeMessage *m = g_mime_parser_construct_message(p, NULL);
    if (m) {
        messages++;
        (void)g_mime_message_get_subject(m);
        (void)g_mime_message_get_date(m);
        (void)g_mime_message_get_message_id(m);
        const char *refs = g_mime_object_get_header(GMIME_OBJECT(m), "References");
        if (refs) {
            GMimeReferences *r = g_mime_references_parse(NULL, refs);
            if (r)
                g_mime_references_free(r);
        }
        (void)g_mime_message_get_from(m);
        (void)g_mime_message_get_all_recipients(m);
        GMimeObject *body = g_mime_message_get_body(m);
        GMimeObject *text = NULL;
        if (GMIME_IS_MULTIPART(body)) {
            GMimeMultipart *mp = GMIME_MULTIPART(body);
            for (int i = 0; i < g_mime_multipart_get_count(mp) && !text; i++) {
                GMimeObject *part = g_mime_multipart_get_part(mp, i);
                if (GMIME_IS_TEXT_PART(part))
                    text = part;
            }
        } else if (GMIME_IS_TEXT_PART(body)) {
            text = body;
        }
        if (text) {
            char *t = g_mime_text_part_get_text(GMIME_TEXT_PART(text));
            if (t)
                bytes_text += (long)strlen(t);
            g_free(t);
        }
        g_object_unref(m);
    }
    g_object_unref(p);
    g_object_unref(s);
}

static void walk(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' &&
            (de->d_name[1] == 0 || (de->d_name[1] == '.' && !de->d_name[2])))
            continue;
        char *path = g_build_filename(dir, de->d_name, NULL);
        struct stat sb;
        if (stat(path, &sb) == 0) {
            if (S_ISDIR(sb.st_mode))
                walk(path);
            else if (S_ISREG(sb.st_mode))
                parse_file(path);
        }
        g_free(path);
    }
    closedir(d);
}

int main(int argc, char **argv)
{
    g_mime_init();
    for (int i = 1; i < argc; i++)
        walk(argv[i]);
    printf("%ld messages, %ld bytes of text\n", messages, bytes_text);
    g_mime_shutdown();
    return 0;
}
