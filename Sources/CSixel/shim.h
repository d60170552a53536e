#ifndef SEGSH_CSIXEL_SHIM_H
#define SEGSH_CSIXEL_SHIM_H
// libsixel for Swift. The version is a string macro, which Swift does not import; this
// getter exists for as long as libsixel has no runtime version query.
#include <sixel.h>

static inline const char *segsh_sixel_version(void) { return LIBSIXEL_VERSION; }

#endif
