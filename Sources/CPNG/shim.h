#ifndef SEGSH_CPNG_SHIM_H
#define SEGSH_CPNG_SHIM_H
// libpng's public header. Swift never calls libpng directly: its error path is longjmp,
// so every call goes through the CPNGCodec target, which owns the setjmp.
#include <png.h>
#endif
