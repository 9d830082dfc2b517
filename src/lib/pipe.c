/* pipe.c — two threads and a few batches: a reader fills a batch (parsing,
 * merging, detection: everything that needs no store) while the thread
 * that owns the store writes the one before. A fixed number of batches
 * circulates, so memory stays flat whatever the input's size, and the
 * reader waits when the writer falls behind. Used by the call-record
 * (cdr.c) and chat (chat.c) imports. */
#include "pipe.h"

struct pl_pipe {
    GAsyncQueue *full, *empty; /* to the writer, back to the reader */
    gint stop;                 /* atomic: the writer failed, read no further */
};

pl_pipe *pl_pipe_new(void)
{
    pl_pipe *p = g_new0(pl_pipe, 1);
    p->full = g_async_queue_new();
    p->empty = g_async_queue_new();
    return p;
}

void pl_pipe_add(pl_pipe *p, gpointer batch)
{
    g_async_queue_push(p->empty, batch);
}

gpointer pl_pipe_take(pl_pipe *p)
{
    return g_async_queue_pop(p->empty);
}

gboolean pl_pipe_send(pl_pipe *p, gpointer batch)
{
    g_async_queue_push(p->full, batch);
    return !g_atomic_int_get(&p->stop);
}

gpointer pl_pipe_receive(pl_pipe *p)
{
    return g_async_queue_pop(p->full);
}

void pl_pipe_give_back(pl_pipe *p, gpointer batch)
{
    g_async_queue_push(p->empty, batch);
}

void pl_pipe_stop(pl_pipe *p)
{
    g_atomic_int_set(&p->stop, 1);
}

gboolean pl_pipe_stopped(pl_pipe *p)
{
    return g_atomic_int_get(&p->stop) != 0;
}

void pl_pipe_free(pl_pipe *p, GDestroyNotify free_batch)
{
    if (!p)
        return;
    g_assert(g_async_queue_length(p->full) == 0);
    gpointer b;
    while ((b = g_async_queue_try_pop(p->empty)))
        if (free_batch)
            free_batch(b);
    g_async_queue_unref(p->full);
    g_async_queue_unref(p->empty);
    g_free(p);
}
