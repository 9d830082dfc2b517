/* pipe.h — batches handed from a reader thread to the thread that owns the
 * store, and back (pipe.c). Internal to libparley. */
#ifndef PARLEY_PIPE_H
#define PARLEY_PIPE_H

#include <glib.h>

typedef struct pl_pipe pl_pipe;

pl_pipe *pl_pipe_new(void);
/* Puts an empty batch into circulation (before the reader starts). */
void pl_pipe_add(pl_pipe *p, gpointer batch);
/* Reader: an empty batch to fill (waits for one). */
gpointer pl_pipe_take(pl_pipe *p);
/* Reader: hands a filled batch on; FALSE when the writer asked to stop. */
gboolean pl_pipe_send(pl_pipe *p, gpointer batch);
/* Writer: the next filled batch, in the order sent (waits for one). */
gpointer pl_pipe_receive(pl_pipe *p);
/* Writer: a batch it is done with goes back to the reader. */
void pl_pipe_give_back(pl_pipe *p, gpointer batch);
/* Writer: asks the reader to read no further (it still sends its last batch). */
void pl_pipe_stop(pl_pipe *p);
gboolean pl_pipe_stopped(pl_pipe *p);
/* Frees the pipe and, with free_batch, every batch back in it; none may be
 * in flight. */
void pl_pipe_free(pl_pipe *p, GDestroyNotify free_batch);

#endif
