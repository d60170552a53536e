#include "segsh_png.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Chunk limits applied before the header is read: ancillary chunks are capped so that a
// hostile file cannot make libpng allocate or loop without bound.
enum { CHUNK_CACHE_MAX = 256 };
static const png_alloc_size_t CHUNK_MALLOC_MAX = 16u * 1024u * 1024u;

typedef struct reader {
    const uint8_t *data;
    size_t size;
    size_t offset;
    int truncated;
    char *message;
    size_t message_size;
} reader;

static void set_message(char *message, size_t size, const char *text) {
    if (message && size > 0) snprintf(message, size, "%s", text);
}

static void on_error(png_structp png, png_const_charp text) {
    reader *r = (reader *)png_get_error_ptr(png);
    if (r && !r->truncated) set_message(r->message, r->message_size, text);
    png_longjmp(png, 1);
}

static void on_warning(png_structp png, png_const_charp text) {
    // Warnings (a bad ancillary chunk CRC, an unknown chunk) do not stop decoding, and
    // libpng's default handler would print them on stderr over the user's terminal.
    (void)png;
    (void)text;
}

static void on_read(png_structp png, png_bytep out, size_t length) {
    reader *r = (reader *)png_get_io_ptr(png);
    if (length > r->size - r->offset) {
        r->truncated = 1;
        set_message(r->message, r->message_size, "the data ends before the image does");
        png_error(png, "truncated");
    }
    memcpy(out, r->data + r->offset, length);
    r->offset += length;
}

static void configure_limits(png_structp png) {
    png_set_user_limits(png, PNG_USER_WIDTH_MAX, PNG_USER_HEIGHT_MAX);
    png_set_chunk_cache_max(png, CHUNK_CACHE_MAX);
    png_set_chunk_malloc_max(png, CHUNK_MALLOC_MAX);
}

// Reads through IHDR (and the chunks before IDAT), sets the transforms and fills `info`.
// Must be called after setjmp.
static int prepare(png_structp png, png_infop info_ptr, int keep_indices, uint64_t max_pixels,
                   segsh_png_info *info, reader *r) {
    png_read_info(png, info_ptr);
    png_uint_32 width = 0, height = 0;
    int depth = 0, color = 0, interlace = 0;
    png_get_IHDR(png, info_ptr, &width, &height, &depth, &color, &interlace, NULL, NULL);
    if (max_pixels > 0 && (uint64_t)width * (uint64_t)height > max_pixels) {
        char text[160];
        snprintf(text, sizeof text, "%u x %u pixels is over the limit of %llu pixels",
                 (unsigned)width, (unsigned)height, (unsigned long long)max_pixels);
        set_message(r->message, r->message_size, text);
        return SEGSH_PNG_TOO_LARGE;
    }
    memset(info, 0, sizeof *info);
    info->width = width;
    info->height = height;
    info->file_bit_depth = depth;
    info->file_color_type = color;
    info->interlaced = interlace == PNG_INTERLACE_ADAM7;

    png_colorp plte = NULL;
    int count = 0;
    if (png_get_PLTE(png, info_ptr, &plte, &count) && count > 0) {
        png_bytep trns = NULL;
        int trns_count = 0;
        png_get_tRNS(png, info_ptr, &trns, &trns_count, NULL);
        if (count > 256) count = 256;
        for (int i = 0; i < count; i++) {
            info->palette[4 * i + 0] = plte[i].red;
            info->palette[4 * i + 1] = plte[i].green;
            info->palette[4 * i + 2] = plte[i].blue;
            info->palette[4 * i + 3] = (trns && i < trns_count) ? trns[i] : 255;
        }
        info->palette_size = count;
    }

    if (color == PNG_COLOR_TYPE_PALETTE && keep_indices) {
        png_set_packing(png);
    } else {
        png_set_expand(png);
    }
    if (depth == 16) {
        // Samples leave in host byte order; PNG stores them big-endian.
        const uint16_t probe = 1;
        if (*(const uint8_t *)&probe == 1) png_set_swap(png);
    }
    if (interlace == PNG_INTERLACE_ADAM7) png_set_interlace_handling(png);
    png_read_update_info(png, info_ptr);
    info->channels = png_get_channels(png, info_ptr);
    info->sample_bytes = png_get_bit_depth(png, info_ptr) == 16 ? 2 : 1;
    return SEGSH_PNG_OK;
}

static int check_signature(const uint8_t *data, size_t size, char *message, size_t message_size) {
    if (size < 8 || png_sig_cmp((png_const_bytep)data, 0, 8) != 0) {
        set_message(message, message_size, size < 8 ? "too short to be a PNG" : "no PNG signature");
        return SEGSH_PNG_NOT_PNG;
    }
    return SEGSH_PNG_OK;
}

// Checks the signature and creates the libpng read structures over `r`. The caller owns
// the setjmp and destroys the structures.
static int create_reader(reader *r, png_structp *png, png_infop *info_ptr) {
    int status = check_signature(r->data, r->size, r->message, r->message_size);
    if (status != SEGSH_PNG_OK) return status;
    *png = png_create_read_struct(PNG_LIBPNG_VER_STRING, r, on_error, on_warning);
    if (!*png) return SEGSH_PNG_NO_MEMORY;
    *info_ptr = png_create_info_struct(*png);
    if (!*info_ptr) {
        png_destroy_read_struct(png, NULL, NULL);
        return SEGSH_PNG_NO_MEMORY;
    }
    configure_limits(*png);
    png_set_read_fn(*png, r, on_read);
    return SEGSH_PNG_OK;
}

static int failure_status(const reader *r) {
    return r->truncated ? SEGSH_PNG_TRUNCATED : SEGSH_PNG_CORRUPT;
}

int segsh_png_read_info(const uint8_t *data, size_t size, int keep_palette_indices,
                        uint64_t max_pixels, segsh_png_info *info,
                        char *message, size_t message_size) {
    reader r = {data, size, 0, 0, message, message_size};
    png_structp png = NULL;
    png_infop info_ptr = NULL;
    int status = create_reader(&r, &png, &info_ptr);
    if (status != SEGSH_PNG_OK) return status;
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_read_struct(&png, &info_ptr, NULL);
        return failure_status(&r);
    }
    status = prepare(png, info_ptr, keep_palette_indices, max_pixels, info, &r);
    png_destroy_read_struct(&png, &info_ptr, NULL);
    return status;
}

int segsh_png_decode(const uint8_t *data, size_t size, int keep_palette_indices,
                     uint64_t max_pixels, uint8_t *out, size_t out_size,
                     char *message, size_t message_size) {
    reader r = {data, size, 0, 0, message, message_size};
    png_structp png = NULL;
    png_infop info_ptr = NULL;
    int status = create_reader(&r, &png, &info_ptr);
    if (status != SEGSH_PNG_OK) return status;
    png_bytep *volatile rows = NULL;
    if (setjmp(png_jmpbuf(png))) {
        free(rows);
        png_destroy_read_struct(&png, &info_ptr, NULL);
        return failure_status(&r);
    }
    segsh_png_info info;
    status = prepare(png, info_ptr, keep_palette_indices, max_pixels, &info, &r);
    if (status != SEGSH_PNG_OK) {
        png_destroy_read_struct(&png, &info_ptr, NULL);
        return status;
    }
    size_t row_bytes = (size_t)info.width * (size_t)info.channels * (size_t)info.sample_bytes;
    if (png_get_rowbytes(png, info_ptr) != row_bytes || row_bytes * info.height != out_size) {
        set_message(message, message_size, "output buffer does not match the image layout");
        png_destroy_read_struct(&png, &info_ptr, NULL);
        return SEGSH_PNG_INVALID;
    }
    rows = malloc(sizeof(png_bytep) * (info.height ? info.height : 1));
    if (!rows) {
        png_destroy_read_struct(&png, &info_ptr, NULL);
        return SEGSH_PNG_NO_MEMORY;
    }
    for (uint32_t y = 0; y < info.height; y++) rows[y] = out + (size_t)y * row_bytes;
    png_read_image(png, rows);
    png_read_end(png, NULL);
    free(rows);
    rows = NULL;
    png_destroy_read_struct(&png, &info_ptr, NULL);
    return SEGSH_PNG_OK;
}

void segsh_png_buffer_free(segsh_png_buffer *buffer) {
    if (!buffer) return;
    free(buffer->bytes);
    buffer->bytes = NULL;
    buffer->size = buffer->capacity = 0;
}

typedef struct writer {
    segsh_png_buffer *out;
    int failed;
    char *message;
    size_t message_size;
} writer;

static void on_write_error(png_structp png, png_const_charp text) {
    writer *w = (writer *)png_get_error_ptr(png);
    if (w) set_message(w->message, w->message_size, text);
    png_longjmp(png, 1);
}

static void on_write(png_structp png, png_bytep bytes, size_t length) {
    writer *w = (writer *)png_get_io_ptr(png);
    segsh_png_buffer *b = w->out;
    if (length > b->capacity - b->size) {
        size_t capacity = b->capacity ? b->capacity : 65536;
        while (capacity - b->size < length) capacity *= 2;
        uint8_t *grown = realloc(b->bytes, capacity);
        if (!grown) {
            w->failed = 1;
            png_error(png, "out of memory while encoding");
        }
        b->bytes = grown;
        b->capacity = capacity;
    }
    memcpy(b->bytes + b->size, bytes, length);
    b->size += length;
}

static void on_flush(png_structp png) { (void)png; }

int segsh_png_encode(const uint8_t *pixels, uint32_t width, uint32_t height,
                     int channels, int bit_depth,
                     const uint8_t *palette_rgba, int palette_size,
                     int compression_level, segsh_png_buffer *out,
                     char *message, size_t message_size) {
    int color;
    if (palette_size > 0) {
        if (channels != 1 || bit_depth != 8 || palette_size > 256) {
            set_message(message, message_size, "a palette image has one 8-bit channel and at most 256 colours");
            return SEGSH_PNG_INVALID;
        }
        color = PNG_COLOR_TYPE_PALETTE;
    } else {
        static const int types[] = {PNG_COLOR_TYPE_GRAY, PNG_COLOR_TYPE_GRAY_ALPHA,
                                    PNG_COLOR_TYPE_RGB, PNG_COLOR_TYPE_RGB_ALPHA};
        if (channels < 1 || channels > 4 || (bit_depth != 8 && bit_depth != 16)) {
            set_message(message, message_size, "PNG stores 1 to 4 channels of 8 or 16 bits");
            return SEGSH_PNG_INVALID;
        }
        color = types[channels - 1];
    }
    if (width == 0 || height == 0 || width > PNG_UINT_31_MAX || height > PNG_UINT_31_MAX) {
        set_message(message, message_size, "PNG needs a width and height from 1 to 2^31-1");
        return SEGSH_PNG_INVALID;
    }
    memset(out, 0, sizeof *out);
    writer w = {out, 0, message, message_size};
    png_structp png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &w, on_write_error, on_warning);
    if (!png) return SEGSH_PNG_NO_MEMORY;
    png_infop info_ptr = png_create_info_struct(png);
    if (!info_ptr) {
        png_destroy_write_struct(&png, NULL);
        return SEGSH_PNG_NO_MEMORY;
    }
    if (setjmp(png_jmpbuf(png))) {
        png_destroy_write_struct(&png, &info_ptr);
        segsh_png_buffer_free(out);
        return w.failed ? SEGSH_PNG_NO_MEMORY : SEGSH_PNG_CORRUPT;
    }
    png_set_write_fn(png, &w, on_write, on_flush);
    if (compression_level >= 0 && compression_level <= 9) png_set_compression_level(png, compression_level);
    png_set_IHDR(png, info_ptr, width, height, bit_depth, color, PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (palette_size > 0) {
        png_color plte[256];
        png_byte trns[256];
        int last_translucent = -1;
        for (int i = 0; i < palette_size; i++) {
            plte[i].red = palette_rgba[4 * i + 0];
            plte[i].green = palette_rgba[4 * i + 1];
            plte[i].blue = palette_rgba[4 * i + 2];
            trns[i] = palette_rgba[4 * i + 3];
            if (trns[i] != 255) last_translucent = i;
        }
        png_set_PLTE(png, info_ptr, plte, palette_size);
        if (last_translucent >= 0) png_set_tRNS(png, info_ptr, trns, last_translucent + 1, NULL);
    }
    png_write_info(png, info_ptr);
    if (bit_depth == 16) {
        const uint16_t probe = 1;
        if (*(const uint8_t *)&probe == 1) png_set_swap(png);
    }
    size_t row_bytes = (size_t)width * (size_t)channels * (size_t)(bit_depth / 8);
    for (uint32_t y = 0; y < height; y++) {
        png_write_row(png, (png_const_bytep)(pixels + (size_t)y * row_bytes));
    }
    png_write_end(png, info_ptr);
    png_destroy_write_struct(&png, &info_ptr);
    return SEGSH_PNG_OK;
}

const char *segsh_png_library_version(void) { return png_get_libpng_ver(NULL); }
