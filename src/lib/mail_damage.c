/* mail_damage.c — does a parsed message show that GMime had to repair it?
 *
 * GMime reports repairs through a parser warning callback, but merely
 * installing one makes it decode and check every header value of every
 * message: a third more instructions per parse on real mail (measured with
 * callgrind over usrp-users). The repairs that matter to us (PL_EV_DAMAGED:
 * the text may be incomplete) leave traces in the finished tree, so we look
 * for those instead, after the parse, at a cost of a memmem scan per multipart:
 *   - a multipart without a boundary, or without any part;
 *   - a multipart whose closing delimiter line "--boundary--" never occurs
 *     in the raw bytes (the message was cut short, or the boundary mistyped);
 *   - an attached message/rfc822 that did not parse into a message;
 *   - nesting deeper than MAX_DEPTH.
 */
#include "mail.h"

#include <string.h>

#define MAX_DEPTH 32

/* TRUE when a line "--boundary--" (trailing blanks allowed, as GMime
 * allows them) occurs in raw. */
static gboolean closed(const char *raw, gsize len, const char *boundary)
{
    gsize bl = strlen(boundary);
    const char *end = raw + len;
    for (const char *p = raw; (p = memmem(p, end - p, boundary, bl)) != NULL; p++) {
        if (p - raw < 2 || p[-1] != '-' || p[-2] != '-' || (p - raw > 2 && p[-3] != '\n'))
            continue;
        const char *q = p + bl;
        if (end - q < 2 || q[0] != '-' || q[1] != '-')
            continue;
        for (q += 2; q < end && (*q == ' ' || *q == '\t' || *q == '\r'); q++)
            ;
        if (q == end || *q == '\n')
            return TRUE;
    }
    return FALSE;
}

static gboolean damaged(GMimeObject *o, const char *raw, gsize len, int depth)
{
    if (!o)
        return FALSE;
    if (depth > MAX_DEPTH)
        return TRUE;
    if (GMIME_IS_MULTIPART(o)) {
        GMimeMultipart *mp = GMIME_MULTIPART(o);
        const char *b = g_mime_multipart_get_boundary(mp);
        int n = g_mime_multipart_get_count(mp);
        if (!b || !*b || n == 0 || (raw && !closed(raw, len, b)))
            return TRUE;
        for (int i = 0; i < n; i++)
            if (damaged(g_mime_multipart_get_part(mp, i), raw, len, depth + 1))
                return TRUE;
        return FALSE;
    }
    if (GMIME_IS_MESSAGE_PART(o)) {
        GMimeMessage *m = g_mime_message_part_get_message(GMIME_MESSAGE_PART(o));
        return !m || damaged(g_mime_message_get_mime_part(m), raw, len, depth + 1);
    }
    return FALSE;
}

gboolean pl_mail__damaged(GMimeMessage *msg, const char *raw, gsize len)
{
    g_return_val_if_fail(GMIME_IS_MESSAGE(msg), TRUE);
    return damaged(g_mime_message_get_mime_part(msg), raw, len, 0);
}
