#ifndef SEGSH_JPEG_H
#define SEGSH_JPEG_H
// A setjmp-owning wrapper around libjpeg(-turbo). libjpeg reports fatal errors through
// `error_exit`, which must not return, so it longjmps; that must never cross a Swift frame.
// Every libjpeg call therefore happens in this file and failures come back as a status code
// plus a message. Corrupt data is only a *warning* in libjpeg (it pads the image with grey
// and goes on): the warnings are counted here and turned into an error, so a damaged file
// never comes back as a half-grey picture.
#include <stddef.h>
#include <stdint.h>

enum {
    SEGSH_JPEG_OK = 0,
    SEGSH_JPEG_NOT_JPEG = 1,    // no SOI marker
    SEGSH_JPEG_TRUNCATED = 2,   // the data ended before the image did
    SEGSH_JPEG_CORRUPT = 3,     // libjpeg reported an error or a data warning
    SEGSH_JPEG_TOO_LARGE = 4,   // dimensions over the caller's pixel limit
    SEGSH_JPEG_NO_MEMORY = 5,
    SEGSH_JPEG_INVALID = 6,     // the caller passed an impossible layout (a bug)
    SEGSH_JPEG_UNSUPPORTED = 7, // valid JPEG that segsh does not decode (12-bit, lossless)
};

/// The colour space stored in the file.
enum {
    SEGSH_JPEG_GRAY = 1,
    SEGSH_JPEG_RGB = 2,
    SEGSH_JPEG_YCBCR = 3,
    SEGSH_JPEG_CMYK = 4,
    SEGSH_JPEG_YCCK = 5,
    SEGSH_JPEG_OTHER = 6,
};

/// What a JPEG holds, and the layout `segsh_jpeg_decode` produces.
typedef struct segsh_jpeg_info {
    uint32_t width;         // as stored, before any EXIF orientation
    uint32_t height;
    int components;         // in the file: 1, 3 or 4
    int color_space;        // SEGSH_JPEG_*
    int progressive;        // 1 for progressive (SOF2) files
    int channels;           // decoded: 1 (gray) or 3 (RGB; CMYK/YCCK are converted)
    int orientation;        // EXIF orientation 1...8; 1 when there is no EXIF tag
    int adobe_inverted;     // CMYK/YCCK stored inverted (Adobe APP14 marker)
} segsh_jpeg_info;

/// Reads the header (and the EXIF orientation) without decoding pixels.
int segsh_jpeg_read_info(const uint8_t *data, size_t size, uint64_t max_pixels,
                         segsh_jpeg_info *info, char *message, size_t message_size);

/// Decodes into `out`, exactly height * width * channels bytes, in stored orientation.
/// Uses libjpeg's defaults (islow DCT, fancy upsampling), as Pillow does, so the pixels are
/// those Pillow gets from the same library. CMYK is converted to RGB with Pillow's formula.
int segsh_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                      uint8_t *out, size_t out_size, char *message, size_t message_size);

/// An encoded JPEG in memory, owned by the caller: release it with `segsh_jpeg_buffer_free`.
typedef struct segsh_jpeg_buffer {
    uint8_t *bytes;
    size_t size;
} segsh_jpeg_buffer;

void segsh_jpeg_buffer_free(segsh_jpeg_buffer *buffer);

/// Encodes 8-bit gray (channels 1) or RGB (channels 3), baseline, 4:2:0 chroma subsampling
/// for RGB, at `quality` 1...100.
int segsh_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                      int quality, segsh_jpeg_buffer *out, char *message, size_t message_size);

/// The libjpeg API version linked at build time, e.g. "libjpeg-turbo 2.1.5 (API 62)".
const char *segsh_jpeg_library_version(void);

#endif
