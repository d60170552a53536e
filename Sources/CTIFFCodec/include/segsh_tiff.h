#ifndef SEGSH_TIFF_H
#define SEGSH_TIFF_H
// A wrapper around libtiff that reads and writes TIFF files held in memory.
//
// Why it exists: libtiff's default error and warning handlers are process-global and print
// on stderr, and several of its calls are variadic (TIFFGetField/TIFFSetField), which Swift
// cannot call. Here every file gets its own handlers (TIFFOpenOptionsSetErrorHandlerExtR,
// libtiff >= 4.5), so concurrent reads do not mix their messages, and libtiff's own
// allocations are capped (TIFFOpenOptionsSetMaxSingleMemAlloc) so a header claiming absurd
// sizes fails instead of allocating. libtiff never longjmps: failures are return codes.
#include <stddef.h>
#include <stdint.h>

enum {
    SEGSH_TIFF_OK = 0,
    SEGSH_TIFF_NOT_TIFF = 1,       // no TIFF/BigTIFF signature
    SEGSH_TIFF_CORRUPT = 3,        // libtiff reported an error (bad directory, short strip...)
    SEGSH_TIFF_TOO_LARGE = 4,      // over the caller's pixel or page limit
    SEGSH_TIFF_NO_MEMORY = 5,
    SEGSH_TIFF_INVALID = 6,        // the caller passed an impossible layout (a bug)
    SEGSH_TIFF_UNSUPPORTED = 7,    // valid TIFF that segsh does not decode
    SEGSH_TIFF_NO_SUCH_PAGE = 8,
};

/// An open TIFF being read; opaque.
typedef struct segsh_tiff segsh_tiff;

/// One page (image file directory) as stored, and the layout `segsh_tiff_read_page` gives.
typedef struct segsh_tiff_page {
    uint32_t width;
    uint32_t height;
    uint16_t samples_per_pixel;  // decoded samples per pixel
    uint16_t bits_per_sample;    // as stored: 1, 2, 4, 8, 16, 32 or 64
    uint16_t sample_format;      // 1 unsigned, 2 signed, 3 IEEE float
    uint16_t planar_config;      // 1 contiguous, 2 separate planes
    uint16_t photometric;        // PHOTOMETRIC_* as stored
    uint16_t compression;        // COMPRESSION_* as stored
    int tiled;
    int bytes_per_sample;        // decoded: 1 (bit depths <= 8, unpacked to one value a byte), 2, 4 or 8
    int extra_samples;           // ExtraSamples count
    int alpha;                   // the first extra sample is alpha (associated or not)
    int colormap_size;           // palette entries for PHOTOMETRIC_PALETTE, else 0
    int rgba_fallback;           // decoded through libtiff's RGBA interface: 8-bit RGB(A)
    int resolution_unit;         // 1 none, 2 inch, 3 centimetre; 0 when the tags are absent
    double x_resolution;         // pixels per unit
    double y_resolution;
} segsh_tiff_page;

/// Opens TIFF or BigTIFF bytes, which must stay valid until `segsh_tiff_close`.
/// `max_alloc` caps any single allocation libtiff makes (strip tables, decode buffers).
int segsh_tiff_open(const uint8_t *data, size_t size, uint64_t max_alloc, segsh_tiff **out,
                    char *message, size_t message_size);

void segsh_tiff_close(segsh_tiff *tiff);

/// Counts the pages by walking the directory chain, stopping with SEGSH_TIFF_TOO_LARGE
/// after `max_pages`.
int segsh_tiff_count_pages(segsh_tiff *tiff, uint32_t max_pages, uint32_t *count);

/// Makes `page` current and describes it.
int segsh_tiff_page_info(segsh_tiff *tiff, uint32_t page, segsh_tiff_page *info);

/// The current page's ImageDescription, or NULL. Valid until the page changes.
const char *segsh_tiff_description(segsh_tiff *tiff);

/// Copies the current page's colour map (16-bit R, G, B entries, `entries` of each).
int segsh_tiff_colormap(segsh_tiff *tiff, uint16_t *red, uint16_t *green, uint16_t *blue, size_t entries);

/// The byte offset of the current page's first strip and whether the file's byte order
/// differs from the host's; used for ImageJ stacks that list only their first page.
int segsh_tiff_first_strip(segsh_tiff *tiff, uint64_t *offset, int *byte_swapped);

/// Decodes `page` into `out`: height * width * samples_per_pixel samples of
/// bytes_per_sample bytes each, interleaved, host byte order, planes gathered.
int segsh_tiff_read_page(segsh_tiff *tiff, uint32_t page, uint8_t *out, size_t out_size);

/// The last error message of this file (empty when none).
const char *segsh_tiff_message(const segsh_tiff *tiff);

/// A TIFF being written to memory; opaque.
typedef struct segsh_tiff_writer segsh_tiff_writer;

/// One page to write.
typedef struct segsh_tiff_write_page {
    uint32_t width;
    uint32_t height;
    uint16_t channels;           // samples per pixel, 1...4 (last is alpha when `alpha`)
    uint16_t bits_per_sample;    // 8, 16 or 32
    uint16_t sample_format;      // 1 unsigned, 3 IEEE float
    uint16_t photometric;        // 1 min-is-black, 2 RGB, 3 palette
    int alpha;                   // the last channel is unassociated alpha
    const uint16_t *colormap;    // 3 * 2^bits entries (R..., G..., B...) for palette pages
    int compression;             // 1 none, 5 LZW, 8 Deflate, 32773 PackBits
    int resolution_unit;         // 0: write no resolution tags
    double x_resolution;
    double y_resolution;
    uint32_t page_number;        // PageNumber tag, with page_count, when page_count > 1
    uint32_t page_count;
    const char *description;     // ImageDescription, or NULL
} segsh_tiff_write_page;

/// Starts a file (BigTIFF when `bigtiff`, for data over 4 GiB).
int segsh_tiff_writer_open(int bigtiff, segsh_tiff_writer **out, char *message, size_t message_size);

/// Appends one page of interleaved host-order samples.
int segsh_tiff_writer_add(segsh_tiff_writer *writer, const segsh_tiff_write_page *page,
                          const uint8_t *pixels);

/// The encoded bytes so far are complete after this; call once, then `segsh_tiff_writer_free`.
int segsh_tiff_writer_finish(segsh_tiff_writer *writer, const uint8_t **bytes, size_t *size);

/// The last error message of this writer.
const char *segsh_tiff_writer_message(const segsh_tiff_writer *writer);

void segsh_tiff_writer_free(segsh_tiff_writer *writer);

/// The libtiff version linked at run time, e.g. "4.5.0".
const char *segsh_tiff_library_version(void);

#endif
