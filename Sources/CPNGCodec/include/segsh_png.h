#ifndef SEGSH_PNG_H
#define SEGSH_PNG_H
// A setjmp-owning wrapper around libpng's classic API. libpng reports errors by longjmp,
// which must never cross a Swift frame, so every libpng call happens in this file and
// failures come back as a status code plus a message.
#include <stddef.h>
#include <stdint.h>

enum {
    SEGSH_PNG_OK = 0,
    SEGSH_PNG_NOT_PNG = 1,      // no PNG signature
    SEGSH_PNG_TRUNCATED = 2,    // the data ended before the image did
    SEGSH_PNG_CORRUPT = 3,      // CRC, zlib or chunk errors reported by libpng
    SEGSH_PNG_TOO_LARGE = 4,    // dimensions over the caller's pixel limit
    SEGSH_PNG_NO_MEMORY = 5,
    SEGSH_PNG_INVALID = 6,      // the caller passed an impossible layout (a bug)
};

/// What a PNG holds, and the layout `segsh_png_decode` will produce.
typedef struct segsh_png_info {
    uint32_t width;
    uint32_t height;
    int file_bit_depth;     // 1, 2, 4, 8 or 16
    int file_color_type;    // PNG_COLOR_TYPE_*
    int interlaced;         // 1 for Adam7
    int channels;           // decoded channels, 1...4
    int sample_bytes;       // decoded bytes per sample: 1 or 2 (native byte order)
    int palette_size;       // PLTE entries (0 when none)
    uint8_t palette[256 * 4]; // RGBA; alpha from tRNS, 255 where absent
} segsh_png_info;

/// Reads the header. With `keep_palette_indices`, palette images decode to one channel of
/// indices; otherwise every image expands to 8/16-bit gray, gray+alpha, RGB or RGBA
/// (palette and tRNS become colour and alpha, 1/2/4-bit gray is scaled to 0...255).
int segsh_png_read_info(const uint8_t *data, size_t size, int keep_palette_indices,
                        uint64_t max_pixels, segsh_png_info *info,
                        char *message, size_t message_size);

/// Decodes into `out`, which holds exactly height * width * channels * sample_bytes bytes.
int segsh_png_decode(const uint8_t *data, size_t size, int keep_palette_indices,
                     uint64_t max_pixels, uint8_t *out, size_t out_size,
                     char *message, size_t message_size);

/// An encoded PNG in memory, owned by the caller: release it with `segsh_png_buffer_free`.
typedef struct segsh_png_buffer {
    uint8_t *bytes;
    size_t size;
    size_t capacity;
} segsh_png_buffer;

void segsh_png_buffer_free(segsh_png_buffer *buffer);

/// Encodes interleaved samples (16-bit samples in native byte order). With a palette
/// (`palette_size` > 0), `channels` must be 1 and `bit_depth` 8: samples are indices.
int segsh_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height,
                     int channels, int bit_depth,
                     const uint8_t *palette_rgba, int palette_size,
                     int compression_level, segsh_png_buffer *out,
                     char *message, size_t message_size);

/// The libpng version linked at run time.
const char *segsh_png_library_version(void);

#endif
