#ifndef SEGSH_CEDITLINE_SHIM_H
#define SEGSH_CEDITLINE_SHIM_H
// libedit for Swift. el_set, el_get and history are variadic, which Swift cannot call, and
// stdin/stdout/stderr are macros or mutable globals on some libcs; every such use is wrapped
// here in one typed inline function. These stay as long as the C API is variadic.
#include <stdio.h>
#include <histedit.h>

typedef char *(*segsh_el_prompt_fn)(EditLine *);
typedef unsigned char (*segsh_el_command_fn)(EditLine *, int);

static inline FILE *segsh_stdin(void) { return stdin; }
static inline FILE *segsh_stdout(void) { return stdout; }
static inline FILE *segsh_stderr(void) { return stderr; }

/// The libedit API version this build compiled against (libedit has no runtime query).
static inline int segsh_libedit_major(void) { return LIBEDIT_MAJOR; }
static inline int segsh_libedit_minor(void) { return LIBEDIT_MINOR; }

static inline int segsh_el_set_prompt(EditLine *el, segsh_el_prompt_fn fn) { return el_set(el, EL_PROMPT, fn); }
static inline int segsh_el_set_editor(EditLine *el, const char *mode) { return el_set(el, EL_EDITOR, mode); }
static inline int segsh_el_set_signal(EditLine *el, int on) { return el_set(el, EL_SIGNAL, on); }
static inline int segsh_el_set_history(EditLine *el, History *h) { return el_set(el, EL_HIST, history, h); }
static inline int segsh_el_set_clientdata(EditLine *el, void *data) { return el_set(el, EL_CLIENTDATA, data); }
static inline void *segsh_el_get_clientdata(EditLine *el) {
    void *data = NULL;
    el_get(el, EL_CLIENTDATA, &data);
    return data;
}
static inline int segsh_el_add_function(EditLine *el, const char *name, const char *help, segsh_el_command_fn fn) {
    return el_set(el, EL_ADDFN, name, help, fn);
}
static inline int segsh_el_bind(EditLine *el, const char *key, const char *command) {
    return el_set(el, EL_BIND, key, command, NULL);
}

static inline int segsh_history_set_size(History *h, int size) { HistEvent ev; return history(h, &ev, H_SETSIZE, size); }
static inline int segsh_history_set_unique(History *h, int on) { HistEvent ev; return history(h, &ev, H_SETUNIQUE, on); }
static inline int segsh_history_enter(History *h, const char *line) { HistEvent ev; return history(h, &ev, H_ENTER, line); }
static inline int segsh_history_load(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_LOAD, path); }
static inline int segsh_history_save(History *h, const char *path) { HistEvent ev; return history(h, &ev, H_SAVE, path); }
/// EL_GETCFN: segsh reads keys itself so that a SIGINT at the prompt (read() failing with
/// EINTR) ends el_gets at once; libedit's own reader retries the first EINTR.
static inline int segsh_el_set_getcfn(EditLine *el, el_rfunc_t fn) { return el_set(el, EL_GETCFN, fn); }
static inline History *segsh_history_new(void) { return history_init(); }

#endif
