#include "segsh_tiff.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <tiffio.h>

// ---------------------------------------------------------------------------------------
// A file in memory, for libtiff's client I/O: read-only over the caller's bytes, or a
// growable buffer when writing.

typedef struct memory_file {
    const uint8_t *data;  // reading: the caller's bytes
    uint8_t *bytes;       // writing: our buffer
    uint64_t size;
    uint64_t capacity;
    uint64_t offset;
    int writable;
} memory_file;

static tmsize_t memory_read(thandle_t handle, void *buffer, tmsize_t length) {
    memory_file *f = (memory_file *)handle;
    if (length <= 0 || f->offset >= f->size) return 0;
    uint64_t available = f->size - f->offset;
    uint64_t n = (uint64_t)length < available ? (uint64_t)length : available;
    memcpy(buffer, (f->writable ? f->bytes : f->data) + f->offset, (size_t)n);
    f->offset += n;
    return (tmsize_t)n;
}

static tmsize_t memory_write(thandle_t handle, void *buffer, tmsize_t length) {
    memory_file *f = (memory_file *)handle;
    if (!f->writable || length < 0) return -1;
    uint64_t end = f->offset + (uint64_t)length;
    if (end > f->capacity) {
        uint64_t capacity = f->capacity ? f->capacity : 65536;
        while (capacity < end) capacity *= 2;
        uint8_t *grown = realloc(f->bytes, (size_t)capacity);
        if (!grown) return -1;
        f->bytes = grown;
        f->capacity = capacity;
    }
    // A seek past the end followed by a write leaves a gap, which reads as zeros.
    if (f->offset > f->size) memset(f->bytes + f->size, 0, (size_t)(f->offset - f->size));
    memcpy(f->bytes + f->offset, buffer, (size_t)length);
    f->offset = end;
    if (end > f->size) f->size = end;
    return length;
}

static toff_t memory_seek(thandle_t handle, toff_t offset, int whence) {
    memory_file *f = (memory_file *)handle;
    uint64_t base = whence == SEEK_CUR ? f->offset : (whence == SEEK_END ? f->size : 0);
    int64_t delta = (int64_t)offset;
    if (delta < 0 && (uint64_t)(-delta) > base) return (toff_t)-1;
    f->offset = base + (uint64_t)delta;
    return f->offset;
}

static int memory_close(thandle_t handle) {
    (void)handle;
    return 0;
}

static toff_t memory_size(thandle_t handle) { return ((memory_file *)handle)->size; }

// Reading maps the caller's bytes, so libtiff decodes strips straight from them.
static int memory_map(thandle_t handle, void **base, toff_t *size) {
    memory_file *f = (memory_file *)handle;
    if (f->writable) return 0;
    *base = (void *)f->data;
    *size = f->size;
    return 1;
}

static void memory_unmap(thandle_t handle, void *base, toff_t size) {
    (void)handle;
    (void)base;
    (void)size;
}

// ---------------------------------------------------------------------------------------
// Per-file messages: the first error is kept (later ones are usually consequences);
// warnings (unknown tags, odd but readable values) are dropped instead of going to stderr.

typedef struct messages {
    char text[512];
    int has_error;
} messages;

static int on_error(TIFF *tif, void *user, const char *module, const char *format, va_list args) {
    (void)tif;
    messages *m = (messages *)user;
    if (m && !m->has_error) {
        char detail[400];
        vsnprintf(detail, sizeof detail, format, args);
        if (module && *module) snprintf(m->text, sizeof m->text, "%s: %s", module, detail);
        else snprintf(m->text, sizeof m->text, "%s", detail);
        m->has_error = 1;
    }
    return 1;  // handled: the global handler must not print
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *format, va_list args) {
    (void)tif;
    (void)user;
    (void)module;
    (void)format;
    (void)args;
    return 1;
}

static void set_text(messages *m, const char *format, ...) {
    va_list args;
    va_start(args, format);
    vsnprintf(m->text, sizeof m->text, format, args);
    va_end(args);
    m->has_error = 1;
}

static void copy_message(const messages *m, char *message, size_t size) {
    if (message && size > 0) snprintf(message, size, "%s", m->text);
}

// ---------------------------------------------------------------------------------------
// Reading

struct segsh_tiff {
    memory_file file;
    messages messages;
    TIFF *tif;
    int selected;  // a page has been selected since opening (the current directory is valid)
};

static int is_tiff_signature(const uint8_t *d, size_t size) {
    if (size < 8) return 0;
    int ii = d[0] == 'I' && d[1] == 'I', mm = d[0] == 'M' && d[1] == 'M';
    if (!ii && !mm) return 0;
    uint16_t version = ii ? (uint16_t)(d[2] | d[3] << 8) : (uint16_t)(d[2] << 8 | d[3]);
    return version == 42 || version == 43;
}

int segsh_tiff_open(const uint8_t *data, size_t size, uint64_t max_alloc, segsh_tiff **out,
                    char *message, size_t message_size) {
    *out = NULL;
    if (!is_tiff_signature(data, size)) {
        if (message && message_size) {
            snprintf(message, message_size, "%s", size < 8 ? "too short to be a TIFF" : "no TIFF signature");
        }
        return SEGSH_TIFF_NOT_TIFF;
    }
    segsh_tiff *t = calloc(1, sizeof *t);
    if (!t) return SEGSH_TIFF_NO_MEMORY;
    t->file.data = data;
    t->file.size = size;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (!options) {
        free(t);
        return SEGSH_TIFF_NO_MEMORY;
    }
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_error, &t->messages);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_warning, &t->messages);
    if (max_alloc > 0) TIFFOpenOptionsSetMaxSingleMemAlloc(options, (tmsize_t)max_alloc);
    t->tif = TIFFClientOpenExt("<memory>", "r", (thandle_t)&t->file, memory_read, memory_write,
                               memory_seek, memory_close, memory_size, memory_map, memory_unmap, options);
    TIFFOpenOptionsFree(options);
    if (!t->tif) {
        if (!t->messages.has_error) set_text(&t->messages, "libtiff could not read the first directory");
        copy_message(&t->messages, message, message_size);
        free(t);
        return SEGSH_TIFF_CORRUPT;
    }
    t->selected = 1;  // TIFFClientOpen reads directory 0
    *out = t;
    return SEGSH_TIFF_OK;
}

void segsh_tiff_close(segsh_tiff *t) {
    if (!t) return;
    if (t->tif) TIFFClose(t->tif);
    free(t);
}

const char *segsh_tiff_message(const segsh_tiff *t) { return t ? t->messages.text : ""; }

int segsh_tiff_count_pages(segsh_tiff *t, uint32_t max_pages, uint32_t *count) {
    // Walks the chain with TIFFReadDirectory, which detects loops and validates each
    // directory, and stops as soon as the count passes the limit.
    if (!TIFFSetDirectory(t->tif, 0)) return SEGSH_TIFF_CORRUPT;
    uint32_t n = 1;
    while (TIFFReadDirectory(t->tif)) {
        n++;
        if (max_pages > 0 && n > max_pages) {
            set_text(&t->messages, "the file has more than %u pages", max_pages);
            t->selected = 0;
            return SEGSH_TIFF_TOO_LARGE;
        }
    }
    t->selected = 0;  // TIFFReadDirectory's failure at the end leaves no page current
    // A directory that fails to parse ends the chain with an error rather than silently.
    if (t->messages.has_error) return SEGSH_TIFF_CORRUPT;
    *count = n;
    return SEGSH_TIFF_OK;
}

// Makes `page` the current directory, reading forward when it is the next one.
static int select_page(segsh_tiff *t, uint32_t page) {
    int ok;
    if (t->selected && TIFFCurrentDirectory(t->tif) == page) {
        ok = 1;
    } else if (t->selected && TIFFCurrentDirectory(t->tif) + 1 == page) {
        ok = TIFFReadDirectory(t->tif);
    } else {
        ok = TIFFSetDirectory(t->tif, (tdir_t)page);
    }
    if (!ok) {
        t->selected = 0;
        if (t->messages.has_error) return SEGSH_TIFF_CORRUPT;
        set_text(&t->messages, "there is no page %u", page);
        return SEGSH_TIFF_NO_SUCH_PAGE;
    }
    t->selected = 1;
    uint16_t photometric = 0, compression = 1;
    TIFFGetFieldDefaulted(t->tif, TIFFTAG_COMPRESSION, &compression);
    if (compression == COMPRESSION_JPEG && TIFFGetField(t->tif, TIFFTAG_PHOTOMETRIC, &photometric) &&
        photometric == PHOTOMETRIC_YCBCR) {
        // Let libjpeg convert YCbCr to RGB and upsample, as every TIFF reader does.
        TIFFSetField(t->tif, TIFFTAG_JPEGCOLORMODE, JPEGCOLORMODE_RGB);
    }
    return SEGSH_TIFF_OK;
}

static int needs_rgba_interface(uint16_t photometric, uint16_t compression) {
    switch (photometric) {
    case PHOTOMETRIC_YCBCR: return compression != COMPRESSION_JPEG;
    case PHOTOMETRIC_CIELAB:
    case PHOTOMETRIC_ICCLAB:
    case PHOTOMETRIC_ITULAB:
    case PHOTOMETRIC_LOGL:
    case PHOTOMETRIC_LOGLUV: return 1;
    default: return compression == COMPRESSION_OJPEG;
    }
}

int segsh_tiff_page_info(segsh_tiff *t, uint32_t page, segsh_tiff_page *info) {
    int status = select_page(t, page);
    if (status != SEGSH_TIFF_OK) return status;
    TIFF *tif = t->tif;
    memset(info, 0, sizeof *info);
    uint32_t width = 0, height = 0;
    uint16_t spp = 1, bits = 1, format = SAMPLEFORMAT_UINT, planar = PLANARCONFIG_CONTIG, compression = 1;
    uint16_t photometric = 0;
    TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &width);
    TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &height);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLESPERPIXEL, &spp);
    TIFFGetFieldDefaulted(tif, TIFFTAG_BITSPERSAMPLE, &bits);
    TIFFGetFieldDefaulted(tif, TIFFTAG_SAMPLEFORMAT, &format);
    TIFFGetFieldDefaulted(tif, TIFFTAG_PLANARCONFIG, &planar);
    TIFFGetFieldDefaulted(tif, TIFFTAG_COMPRESSION, &compression);
    if (!TIFFGetField(tif, TIFFTAG_PHOTOMETRIC, &photometric)) {
        photometric = spp >= 3 ? PHOTOMETRIC_RGB : PHOTOMETRIC_MINISBLACK;
    }
    uint16_t extra_count = 0;
    uint16_t *extra_types = NULL;
    if (TIFFGetField(tif, TIFFTAG_EXTRASAMPLES, &extra_count, &extra_types) && extra_count > 0 && extra_types) {
        info->extra_samples = extra_count;
        info->alpha = extra_types[0] == EXTRASAMPLE_ASSOCALPHA || extra_types[0] == EXTRASAMPLE_UNASSALPHA;
    }
    float xres = 0, yres = 0;
    uint16_t unit = RESUNIT_INCH;
    if (TIFFGetField(tif, TIFFTAG_XRESOLUTION, &xres) && TIFFGetField(tif, TIFFTAG_YRESOLUTION, &yres)) {
        TIFFGetFieldDefaulted(tif, TIFFTAG_RESOLUTIONUNIT, &unit);
        info->resolution_unit = unit;
        info->x_resolution = xres;
        info->y_resolution = yres;
    }
    info->width = width;
    info->height = height;
    info->samples_per_pixel = spp;
    info->bits_per_sample = bits;
    info->sample_format = format;
    info->planar_config = planar;
    info->photometric = photometric;
    info->compression = compression;
    info->tiled = TIFFIsTiled(tif) ? 1 : 0;
    if (width == 0 || height == 0) {
        set_text(&t->messages, "page %u has no pixels (%u x %u)", page, width, height);
        return SEGSH_TIFF_CORRUPT;
    }
    if (needs_rgba_interface(photometric, compression)) {
        char reason[1024] = "";
        if (!TIFFRGBAImageOK(tif, reason)) {
            set_text(&t->messages, "libtiff cannot convert this page to RGB: %s", reason);
            return SEGSH_TIFF_UNSUPPORTED;
        }
        info->rgba_fallback = 1;
        info->samples_per_pixel = info->alpha ? 4 : 3;
        info->bits_per_sample = 8;
        info->sample_format = SAMPLEFORMAT_UINT;
        info->planar_config = PLANARCONFIG_CONTIG;
        info->bytes_per_sample = 1;
        return SEGSH_TIFF_OK;
    }
    if (compression == COMPRESSION_JPEG && photometric == PHOTOMETRIC_YCBCR) {
        info->photometric = PHOTOMETRIC_RGB;  // decoded as RGB (see select_page)
    }
    if (format == SAMPLEFORMAT_VOID) format = info->sample_format = SAMPLEFORMAT_UINT;
    int bits_ok = bits == 1 || bits == 2 || bits == 4 || bits == 8 || bits == 16 || bits == 32 || bits == 64;
    if (!bits_ok) {
        set_text(&t->messages, "%u-bit samples are not supported (1, 2, 4, 8, 16, 32 and 64 are)", bits);
        return SEGSH_TIFF_UNSUPPORTED;
    }
    if (format == SAMPLEFORMAT_IEEEFP && bits != 16 && bits != 32 && bits != 64) {
        set_text(&t->messages, "%u-bit floating-point samples are not supported (16, 32 and 64 are)", bits);
        return SEGSH_TIFF_UNSUPPORTED;
    }
    if (format != SAMPLEFORMAT_UINT && format != SAMPLEFORMAT_INT && format != SAMPLEFORMAT_IEEEFP) {
        set_text(&t->messages, "sample format %u (complex numbers) is not supported", format);
        return SEGSH_TIFF_UNSUPPORTED;
    }
    if (spp == 0) {
        set_text(&t->messages, "page %u has 0 samples per pixel", page);
        return SEGSH_TIFF_CORRUPT;
    }
    if (photometric == PHOTOMETRIC_PALETTE && bits <= 16) {
        info->colormap_size = 1 << bits;
    }
    info->bytes_per_sample = bits <= 8 ? 1 : bits / 8;
    return SEGSH_TIFF_OK;
}

const char *segsh_tiff_description(segsh_tiff *t) {
    char *text = NULL;
    if (!t->selected || !TIFFGetField(t->tif, TIFFTAG_IMAGEDESCRIPTION, &text)) return NULL;
    return text;
}

int segsh_tiff_colormap(segsh_tiff *t, uint16_t *red, uint16_t *green, uint16_t *blue, size_t entries) {
    uint16_t *r = NULL, *g = NULL, *b = NULL;
    uint16_t bits = 1;
    TIFFGetFieldDefaulted(t->tif, TIFFTAG_BITSPERSAMPLE, &bits);
    if (!TIFFGetField(t->tif, TIFFTAG_COLORMAP, &r, &g, &b) || bits > 16 || entries != ((size_t)1 << bits)) {
        set_text(&t->messages, "the palette page has no usable colour map");
        return SEGSH_TIFF_CORRUPT;
    }
    memcpy(red, r, entries * sizeof *r);
    memcpy(green, g, entries * sizeof *g);
    memcpy(blue, b, entries * sizeof *b);
    return SEGSH_TIFF_OK;
}

int segsh_tiff_first_strip(segsh_tiff *t, uint64_t *offset, int *byte_swapped) {
    uint64_t *offsets = NULL;
    if (!t->selected || TIFFIsTiled(t->tif) || !TIFFGetField(t->tif, TIFFTAG_STRIPOFFSETS, &offsets) || !offsets) {
        return SEGSH_TIFF_UNSUPPORTED;
    }
    *offset = offsets[0];
    *byte_swapped = TIFFIsByteSwapped(t->tif) ? 1 : 0;
    return SEGSH_TIFF_OK;
}

// Where decoded blocks (strips or tiles) go: the output image and its layout.
typedef struct target {
    uint8_t *out;
    uint32_t width;
    uint32_t height;
    uint32_t spp;
    uint32_t bits;
    uint32_t bytes;  // per decoded sample
} target;

// Copies a decoded block (rows of `block_width` pixels, `row_bytes` apart) whose top-left
// pixel is (x0, y0) into the output, clipping at the image edge. `plane` is the sample
// index of a separate-planes block, or -1 for a block with all samples interleaved.
static void copy_block(const target *d, const uint8_t *block, uint64_t row_bytes, uint32_t block_width,
                       uint32_t block_rows, uint32_t x0, uint32_t y0, int plane) {
    if (x0 >= d->width || y0 >= d->height) return;
    uint32_t cols = block_width < d->width - x0 ? block_width : d->width - x0;
    uint32_t rows = block_rows < d->height - y0 ? block_rows : d->height - y0;
    uint32_t per_pixel = plane < 0 ? d->spp : 1;
    size_t pixel_bytes = (size_t)d->spp * d->bytes;
    for (uint32_t r = 0; r < rows; r++) {
        const uint8_t *src = block + (uint64_t)r * row_bytes;
        uint8_t *dst = d->out + ((size_t)(y0 + r) * d->width + x0) * pixel_bytes;
        if (d->bits >= 8 && plane < 0) {
            memcpy(dst, src, (size_t)cols * pixel_bytes);
        } else if (d->bits >= 8) {
            for (uint32_t x = 0; x < cols; x++) {
                memcpy(dst + x * pixel_bytes + (size_t)plane * d->bytes, src + (size_t)x * d->bytes, d->bytes);
            }
        } else {
            // Packed samples, most significant bits first; each becomes one byte.
            uint32_t mask = (1u << d->bits) - 1;
            for (uint32_t x = 0; x < cols; x++) {
                for (uint32_t s = 0; s < per_pixel; s++) {
                    uint64_t bit = ((uint64_t)x * per_pixel + s) * d->bits;
                    uint32_t shift = 8 - d->bits - (uint32_t)(bit & 7);
                    uint8_t value = (uint8_t)((src[bit >> 3] >> shift) & mask);
                    dst[x * pixel_bytes + (plane < 0 ? s : (uint32_t)plane)] = value;
                }
            }
        }
    }
}

static int read_rgba(segsh_tiff *t, const segsh_tiff_page *info, uint8_t *out) {
    size_t pixels = (size_t)info->width * info->height;
    uint32_t *raster = malloc(pixels * sizeof *raster);
    if (!raster) return SEGSH_TIFF_NO_MEMORY;
    if (!TIFFReadRGBAImageOriented(t->tif, info->width, info->height, raster, ORIENTATION_TOPLEFT, 1)) {
        free(raster);
        if (!t->messages.has_error) set_text(&t->messages, "libtiff could not decode the page");
        return SEGSH_TIFF_CORRUPT;
    }
    int channels = info->samples_per_pixel;
    for (size_t i = 0; i < pixels; i++) {
        uint32_t p = raster[i];
        out[i * channels + 0] = (uint8_t)TIFFGetR(p);
        out[i * channels + 1] = (uint8_t)TIFFGetG(p);
        out[i * channels + 2] = (uint8_t)TIFFGetB(p);
        if (channels == 4) out[i * channels + 3] = (uint8_t)TIFFGetA(p);
    }
    free(raster);
    return SEGSH_TIFF_OK;
}

static int short_block(segsh_tiff *t, const char *what, uint32_t index, tmsize_t got, uint64_t expected) {
    if (!t->messages.has_error) {
        if (got < 0) set_text(&t->messages, "%s %u could not be decoded", what, index);
        else set_text(&t->messages, "%s %u decodes to %lld bytes, %llu expected", what, index,
                      (long long)got, (unsigned long long)expected);
    }
    return SEGSH_TIFF_CORRUPT;
}

static int read_strips(segsh_tiff *t, const segsh_tiff_page *info, const target *d) {
    TIFF *tif = t->tif;
    uint32_t rows_per_strip = 0;
    TIFFGetFieldDefaulted(tif, TIFFTAG_ROWSPERSTRIP, &rows_per_strip);
    if (rows_per_strip == 0 || rows_per_strip > info->height) rows_per_strip = info->height;
    uint32_t strips_per_plane = (info->height + rows_per_strip - 1) / rows_per_strip;
    uint32_t planes = info->planar_config == PLANARCONFIG_SEPARATE ? info->samples_per_pixel : 1;
    if ((uint64_t)strips_per_plane * planes > TIFFNumberOfStrips(tif)) {
        set_text(&t->messages, "the page lists %u strips, %llu are needed", TIFFNumberOfStrips(tif),
                 (unsigned long long)strips_per_plane * planes);
        return SEGSH_TIFF_CORRUPT;
    }
    uint64_t row_bytes = TIFFScanlineSize64(tif);
    uint64_t strip_bytes = TIFFStripSize64(tif);
    if (row_bytes == 0 || strip_bytes == 0) return SEGSH_TIFF_CORRUPT;
    int direct = planes == 1 && d->bits >= 8 && row_bytes == (uint64_t)d->width * d->spp * d->bytes;
    uint8_t *buffer = NULL;
    if (!direct) {
        buffer = malloc((size_t)strip_bytes);
        if (!buffer) return SEGSH_TIFF_NO_MEMORY;
    }
    for (uint32_t p = 0; p < planes; p++) {
        for (uint32_t k = 0; k < strips_per_plane; k++) {
            uint32_t y0 = k * rows_per_strip;
            uint32_t rows = info->height - y0 < rows_per_strip ? info->height - y0 : rows_per_strip;
            uint64_t expected = (uint64_t)rows * row_bytes;
            uint32_t strip = p * strips_per_plane + k;
            if (direct) {
                // Rows are stored exactly as the output wants them: decode in place.
                tmsize_t got = TIFFReadEncodedStrip(tif, strip, d->out + (size_t)y0 * row_bytes, (tmsize_t)expected);
                if (got < 0 || (uint64_t)got < expected) return short_block(t, "strip", strip, got, expected);
            } else {
                tmsize_t got = TIFFReadEncodedStrip(tif, strip, buffer, (tmsize_t)strip_bytes);
                if (got < 0 || (uint64_t)got < expected) {
                    free(buffer);
                    return short_block(t, "strip", strip, got, expected);
                }
                copy_block(d, buffer, row_bytes, info->width, rows, 0, y0, planes > 1 ? (int)p : -1);
            }
        }
    }
    free(buffer);
    return SEGSH_TIFF_OK;
}

static int read_tiles(segsh_tiff *t, const segsh_tiff_page *info, const target *d) {
    TIFF *tif = t->tif;
    uint32_t tile_width = 0, tile_height = 0;
    TIFFGetField(tif, TIFFTAG_TILEWIDTH, &tile_width);
    TIFFGetField(tif, TIFFTAG_TILELENGTH, &tile_height);
    if (tile_width == 0 || tile_height == 0) {
        set_text(&t->messages, "the page has tiles of size %u x %u", tile_width, tile_height);
        return SEGSH_TIFF_CORRUPT;
    }
    uint64_t tile_bytes = TIFFTileSize64(tif);
    uint64_t row_bytes = TIFFTileRowSize64(tif);
    if (tile_bytes == 0 || row_bytes == 0) return SEGSH_TIFF_CORRUPT;
    uint32_t planes = info->planar_config == PLANARCONFIG_SEPARATE ? info->samples_per_pixel : 1;
    uint8_t *buffer = malloc((size_t)tile_bytes);
    if (!buffer) return SEGSH_TIFF_NO_MEMORY;
    for (uint32_t p = 0; p < planes; p++) {
        for (uint32_t y = 0; y < info->height; y += tile_height) {
            for (uint32_t x = 0; x < info->width; x += tile_width) {
                uint32_t tile = TIFFComputeTile(tif, x, y, 0, (uint16_t)p);
                tmsize_t got = TIFFReadEncodedTile(tif, tile, buffer, (tmsize_t)tile_bytes);
                if (got < 0 || (uint64_t)got < tile_bytes) {
                    free(buffer);
                    return short_block(t, "tile", tile, got, tile_bytes);
                }
                copy_block(d, buffer, row_bytes, tile_width, tile_height, x, y, planes > 1 ? (int)p : -1);
            }
        }
    }
    free(buffer);
    return SEGSH_TIFF_OK;
}

int segsh_tiff_read_page(segsh_tiff *t, uint32_t page, uint8_t *out, size_t out_size) {
    segsh_tiff_page info;
    int status = segsh_tiff_page_info(t, page, &info);
    if (status != SEGSH_TIFF_OK) return status;
    uint64_t expected = (uint64_t)info.width * info.height * info.samples_per_pixel * (uint64_t)info.bytes_per_sample;
    if (expected != out_size) {
        set_text(&t->messages, "output buffer of %zu bytes does not match the page (%llu bytes)", out_size,
                 (unsigned long long)expected);
        return SEGSH_TIFF_INVALID;
    }
    if (info.rgba_fallback) return read_rgba(t, &info, out);
    target d = {out, info.width, info.height, info.samples_per_pixel, info.bits_per_sample,
                (uint32_t)info.bytes_per_sample};
    return info.tiled ? read_tiles(t, &info, &d) : read_strips(t, &info, &d);
}

// ---------------------------------------------------------------------------------------
// Writing

struct segsh_tiff_writer {
    memory_file file;
    messages messages;
    TIFF *tif;
    int finished;
};

int segsh_tiff_writer_open(int bigtiff, segsh_tiff_writer **out, char *message, size_t message_size) {
    *out = NULL;
    segsh_tiff_writer *w = calloc(1, sizeof *w);
    if (!w) return SEGSH_TIFF_NO_MEMORY;
    w->file.writable = 1;
    TIFFOpenOptions *options = TIFFOpenOptionsAlloc();
    if (!options) {
        free(w);
        return SEGSH_TIFF_NO_MEMORY;
    }
    TIFFOpenOptionsSetErrorHandlerExtR(options, on_error, &w->messages);
    TIFFOpenOptionsSetWarningHandlerExtR(options, on_warning, &w->messages);
    w->tif = TIFFClientOpenExt("<memory>", bigtiff ? "w8" : "w", (thandle_t)&w->file, memory_read, memory_write,
                               memory_seek, memory_close, memory_size, memory_map, memory_unmap, options);
    TIFFOpenOptionsFree(options);
    if (!w->tif) {
        copy_message(&w->messages, message, message_size);
        free(w->file.bytes);
        free(w);
        return SEGSH_TIFF_NO_MEMORY;
    }
    *out = w;
    return SEGSH_TIFF_OK;
}

const char *segsh_tiff_writer_message(const segsh_tiff_writer *w) { return w ? w->messages.text : ""; }

int segsh_tiff_writer_add(segsh_tiff_writer *w, const segsh_tiff_write_page *p, const uint8_t *pixels) {
    if (w->finished || p->width == 0 || p->height == 0 || p->channels < 1 || p->channels > 4 ||
        (p->bits_per_sample != 8 && p->bits_per_sample != 16 && p->bits_per_sample != 32)) {
        set_text(&w->messages, "a TIFF page needs a size, 1 to 4 channels and 8, 16 or 32 bits");
        return SEGSH_TIFF_INVALID;
    }
    TIFF *tif = w->tif;
    TIFFSetField(tif, TIFFTAG_IMAGEWIDTH, p->width);
    TIFFSetField(tif, TIFFTAG_IMAGELENGTH, p->height);
    TIFFSetField(tif, TIFFTAG_SAMPLESPERPIXEL, (int)p->channels);
    TIFFSetField(tif, TIFFTAG_BITSPERSAMPLE, (int)p->bits_per_sample);
    TIFFSetField(tif, TIFFTAG_SAMPLEFORMAT, (int)p->sample_format);
    TIFFSetField(tif, TIFFTAG_PHOTOMETRIC, (int)p->photometric);
    TIFFSetField(tif, TIFFTAG_PLANARCONFIG, PLANARCONFIG_CONTIG);
    TIFFSetField(tif, TIFFTAG_COMPRESSION, p->compression);
    if (p->compression == COMPRESSION_ADOBE_DEFLATE || p->compression == COMPRESSION_LZW) {
        // Differences between neighbours compress much better than the samples themselves.
        TIFFSetField(tif, TIFFTAG_PREDICTOR,
                     p->sample_format == SAMPLEFORMAT_IEEEFP ? PREDICTOR_FLOATINGPOINT : PREDICTOR_HORIZONTAL);
    }
    if (p->alpha) {
        uint16_t extra = EXTRASAMPLE_UNASSALPHA;
        TIFFSetField(tif, TIFFTAG_EXTRASAMPLES, 1, &extra);
    }
    if (p->photometric == PHOTOMETRIC_PALETTE && p->colormap) {
        size_t entries = (size_t)1 << p->bits_per_sample;
        TIFFSetField(tif, TIFFTAG_COLORMAP, p->colormap, p->colormap + entries, p->colormap + 2 * entries);
    }
    if (p->resolution_unit > 0) {
        TIFFSetField(tif, TIFFTAG_XRESOLUTION, p->x_resolution);
        TIFFSetField(tif, TIFFTAG_YRESOLUTION, p->y_resolution);
        TIFFSetField(tif, TIFFTAG_RESOLUTIONUNIT, p->resolution_unit);
    }
    if (p->page_count > 1) {
        TIFFSetField(tif, TIFFTAG_SUBFILETYPE, FILETYPE_PAGE);
        if (p->page_count <= 65535) TIFFSetField(tif, TIFFTAG_PAGENUMBER, (int)p->page_number, (int)p->page_count);
    }
    if (p->description) TIFFSetField(tif, TIFFTAG_IMAGEDESCRIPTION, p->description);
    size_t row_bytes = (size_t)p->width * p->channels * (p->bits_per_sample / 8);
    // Strips of about 256 KiB: big enough for the compressor, small enough to read a part.
    uint32_t rows_per_strip = (uint32_t)(262144 / row_bytes);
    if (rows_per_strip < 1) rows_per_strip = 1;
    if (rows_per_strip > p->height) rows_per_strip = p->height;
    TIFFSetField(tif, TIFFTAG_ROWSPERSTRIP, rows_per_strip);
    // libtiff's predictor rewrites the buffer it is given, and the caller's pixels are
    // read-only: every strip goes through a scratch copy.
    uint8_t *scratch = malloc(row_bytes * rows_per_strip);
    if (!scratch) return SEGSH_TIFF_NO_MEMORY;
    uint32_t strips = (p->height + rows_per_strip - 1) / rows_per_strip;
    for (uint32_t k = 0; k < strips; k++) {
        uint32_t y0 = k * rows_per_strip;
        uint32_t rows = p->height - y0 < rows_per_strip ? p->height - y0 : rows_per_strip;
        size_t bytes = (size_t)rows * row_bytes;
        memcpy(scratch, pixels + (size_t)y0 * row_bytes, bytes);
        if (TIFFWriteEncodedStrip(tif, k, scratch, (tmsize_t)bytes) < 0) {
            free(scratch);
            if (!w->messages.has_error) set_text(&w->messages, "libtiff could not encode strip %u", k);
            return SEGSH_TIFF_CORRUPT;
        }
    }
    free(scratch);
    if (!TIFFWriteDirectory(tif)) {
        if (!w->messages.has_error) set_text(&w->messages, "libtiff could not write the directory");
        return SEGSH_TIFF_CORRUPT;
    }
    return SEGSH_TIFF_OK;
}

int segsh_tiff_writer_finish(segsh_tiff_writer *w, const uint8_t **bytes, size_t *size) {
    if (w->finished) return SEGSH_TIFF_INVALID;
    w->finished = 1;
    TIFFClose(w->tif);  // flushes; our close procedure keeps the buffer
    w->tif = NULL;
    if (w->messages.has_error) return SEGSH_TIFF_CORRUPT;
    *bytes = w->file.bytes;
    *size = (size_t)w->file.size;
    return SEGSH_TIFF_OK;
}

void segsh_tiff_writer_free(segsh_tiff_writer *w) {
    if (!w) return;
    if (w->tif) TIFFClose(w->tif);
    free(w->file.bytes);
    free(w);
}

const char *segsh_tiff_library_version(void) { return TIFFGetVersion(); }
