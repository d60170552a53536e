#include "segsh_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jpeglib.h>
#include <jerror.h>

// A progressive file can hold any number of scans, and every scan re-reads the coefficient
// buffer: a small hostile file with tens of thousands of scans decodes for minutes.
// libjpeg-turbo's own tools refuse more than 500 (TJFLAG_LIMITSCANS); so do we.
enum { MAX_SCANS = 500 };

typedef struct error_context {
    struct jpeg_error_mgr pub;  // first, so libjpeg's err pointer is this struct
    jmp_buf jump;
    int truncated;
    int too_many_scans;
    char *message;
    size_t message_size;
} error_context;

static void set_message(char *message, size_t size, const char *text) {
    if (message && size > 0) snprintf(message, size, "%s", text);
}

// Fatal errors: record libjpeg's text and unwind to the setjmp of the calling function.
static void on_error_exit(j_common_ptr cinfo) {
    error_context *e = (error_context *)cinfo->err;
    char text[JMSG_LENGTH_MAX];
    cinfo->err->format_message(cinfo, text);
    set_message(e->message, e->message_size, text);
    longjmp(e->jump, 1);
}

// libjpeg only *warns* about corrupt or missing data and goes on, filling the rest of the
// image with grey. A warning is a damaged file to us: stop at the first one, so the caller
// never gets a silently padded picture. Trace messages (level > 0) are ignored.
static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;
    error_context *e = (error_context *)cinfo->err;
    if (cinfo->err->msg_code == JWRN_JPEG_EOF) e->truncated = 1;
    on_error_exit(cinfo);
}

// libjpeg's default prints on stderr, over the user's terminal.
static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }

static void on_progress(j_common_ptr cinfo) {
    if (cinfo->is_decompressor) {
        j_decompress_ptr d = (j_decompress_ptr)cinfo;
        if (d->input_scan_number > MAX_SCANS) {
            error_context *e = (error_context *)cinfo->err;
            e->too_many_scans = 1;
            char text[96];
            snprintf(text, sizeof text, "the file has more than %d progressive scans", MAX_SCANS);
            set_message(e->message, e->message_size, text);
            longjmp(e->jump, 1);
        }
    }
}

static void init_errors(error_context *e, char *message, size_t message_size) {
    memset(e, 0, sizeof *e);
    jpeg_std_error(&e->pub);
    e->pub.error_exit = on_error_exit;
    e->pub.emit_message = on_emit_message;
    e->pub.output_message = on_output_message;
    e->message = message;
    e->message_size = message_size;
}

static int failure_status(const error_context *e) {
    return e->truncated ? SEGSH_JPEG_TRUNCATED : SEGSH_JPEG_CORRUPT;
}

static uint16_t read16(const uint8_t *p, int little) {
    return little ? (uint16_t)(p[0] | p[1] << 8) : (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t read32(const uint8_t *p, int little) {
    return little ? ((uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24)
                  : ((uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3]);
}

// The Orientation tag (0x0112) of IFD0 in an APP1 "Exif" payload; 1 when absent or
// malformed. Every offset is checked against the payload length.
static int exif_orientation(const uint8_t *p, size_t length) {
    if (length < 6 + 8 || memcmp(p, "Exif\0\0", 6) != 0) return 1;
    const uint8_t *tiff = p + 6;
    size_t size = length - 6;
    int little;
    if (tiff[0] == 'I' && tiff[1] == 'I') little = 1;
    else if (tiff[0] == 'M' && tiff[1] == 'M') little = 0;
    else return 1;
    if (read16(tiff + 2, little) != 42) return 1;
    uint32_t ifd = read32(tiff + 4, little);
    if (ifd > size || size - ifd < 2) return 1;
    uint16_t count = read16(tiff + ifd, little);
    for (uint32_t i = 0; i < count; i++) {
        size_t entry = (size_t)ifd + 2 + 12 * (size_t)i;
        if (entry + 12 > size) break;
        if (read16(tiff + entry, little) != 0x0112) continue;
        if (read16(tiff + entry + 2, little) != 3) return 1;  // SHORT
        uint16_t value = read16(tiff + entry + 8, little);
        return (value >= 1 && value <= 8) ? value : 1;
    }
    return 1;
}

static int check_signature(const uint8_t *data, size_t size, char *message, size_t message_size) {
    if (size < 3 || data[0] != 0xFF || data[1] != 0xD8 || data[2] != 0xFF) {
        set_message(message, message_size, size < 3 ? "too short to be a JPEG" : "no JPEG start-of-image marker");
        return SEGSH_JPEG_NOT_JPEG;
    }
    return SEGSH_JPEG_OK;
}

// Reads the header and fills `info`, choosing the output colour space. Must be called
// after setjmp.
static int prepare(j_decompress_ptr cinfo, const uint8_t *data, size_t size, uint64_t max_pixels,
                   segsh_jpeg_info *info, error_context *e) {
    jpeg_mem_src(cinfo, data, (unsigned long)size);
    jpeg_save_markers(cinfo, JPEG_APP0 + 1, 0xFFFF);
    jpeg_read_header(cinfo, TRUE);
    memset(info, 0, sizeof *info);
    info->width = cinfo->image_width;
    info->height = cinfo->image_height;
    info->components = cinfo->num_components;
    info->progressive = cinfo->progressive_mode ? 1 : 0;
    info->adobe_inverted = cinfo->saw_Adobe_marker ? 1 : 0;
    if (max_pixels > 0 && (uint64_t)info->width * (uint64_t)info->height > max_pixels) {
        char text[160];
        snprintf(text, sizeof text, "%u x %u pixels is over the limit of %llu pixels",
                 (unsigned)info->width, (unsigned)info->height, (unsigned long long)max_pixels);
        set_message(e->message, e->message_size, text);
        return SEGSH_JPEG_TOO_LARGE;
    }
    switch (cinfo->jpeg_color_space) {
    case JCS_GRAYSCALE: info->color_space = SEGSH_JPEG_GRAY; break;
    case JCS_RGB: info->color_space = SEGSH_JPEG_RGB; break;
    case JCS_YCbCr: info->color_space = SEGSH_JPEG_YCBCR; break;
    case JCS_CMYK: info->color_space = SEGSH_JPEG_CMYK; break;
    case JCS_YCCK: info->color_space = SEGSH_JPEG_YCCK; break;
    default: info->color_space = SEGSH_JPEG_OTHER; break;
    }
    if (info->color_space == SEGSH_JPEG_GRAY) {
        cinfo->out_color_space = JCS_GRAYSCALE;
        info->channels = 1;
    } else if (info->color_space == SEGSH_JPEG_CMYK || info->color_space == SEGSH_JPEG_YCCK) {
        cinfo->out_color_space = JCS_CMYK;  // libjpeg turns YCCK into CMYK
        info->channels = 3;
    } else if (info->color_space == SEGSH_JPEG_OTHER) {
        set_message(e->message, e->message_size, "the JPEG's colour space is neither gray, RGB, YCbCr, CMYK nor YCCK");
        return SEGSH_JPEG_UNSUPPORTED;
    } else {
        cinfo->out_color_space = JCS_RGB;
        info->channels = 3;
    }
    info->orientation = 1;
    for (jpeg_saved_marker_ptr m = cinfo->marker_list; m; m = m->next) {
        // The first APP1 that is EXIF (XMP also lives in APP1) holds the orientation.
        if (m->marker == JPEG_APP0 + 1 && m->data_length >= 6 && memcmp(m->data, "Exif\0\0", 6) == 0) {
            info->orientation = exif_orientation(m->data, m->data_length);
            break;
        }
    }
    return SEGSH_JPEG_OK;
}

int segsh_jpeg_read_info(const uint8_t *data, size_t size, uint64_t max_pixels,
                         segsh_jpeg_info *info, char *message, size_t message_size) {
    int status = check_signature(data, size, message, message_size);
    if (status != SEGSH_JPEG_OK) return status;
    struct jpeg_decompress_struct cinfo;
    error_context e;
    init_errors(&e, message, message_size);
    cinfo.err = &e.pub;
    if (setjmp(e.jump)) {
        jpeg_destroy_decompress(&cinfo);
        return failure_status(&e);
    }
    jpeg_create_decompress(&cinfo);
    status = prepare(&cinfo, data, size, max_pixels, info, &e);
    jpeg_destroy_decompress(&cinfo);
    return status;
}

// Pillow's CMYK -> RGB (Convert.c cmyk2rgb) after its "CMYK;I" unpacking of Adobe files:
// channel = (255 - K) - round((255 - K) * C / 255), with C and K in ink amounts.
static void cmyk_row_to_rgb(const uint8_t *in, uint8_t *out, uint32_t width, int inverted) {
    for (uint32_t x = 0; x < width; x++) {
        int c[4];
        for (int k = 0; k < 4; k++) c[k] = inverted ? 255 - in[4 * x + k] : in[4 * x + k];
        int nk = 255 - c[3];
        for (int k = 0; k < 3; k++) {
            int t = c[k] * nk + 128;
            int v = nk - (((t >> 8) + t) >> 8);
            out[3 * x + k] = (uint8_t)(v < 0 ? 0 : (v > 255 ? 255 : v));
        }
    }
}

int segsh_jpeg_decode(const uint8_t *data, size_t size, uint64_t max_pixels,
                      uint8_t *out, size_t out_size, char *message, size_t message_size) {
    int status = check_signature(data, size, message, message_size);
    if (status != SEGSH_JPEG_OK) return status;
    struct jpeg_decompress_struct cinfo;
    struct jpeg_progress_mgr progress;
    error_context e;
    init_errors(&e, message, message_size);
    cinfo.err = &e.pub;
    uint8_t *volatile row = NULL;
    if (setjmp(e.jump)) {
        free(row);
        jpeg_destroy_decompress(&cinfo);
        return failure_status(&e);
    }
    jpeg_create_decompress(&cinfo);
    memset(&progress, 0, sizeof progress);
    progress.progress_monitor = on_progress;
    cinfo.progress = &progress;
    segsh_jpeg_info info;
    status = prepare(&cinfo, data, size, max_pixels, &info, &e);
    if (status != SEGSH_JPEG_OK) {
        jpeg_destroy_decompress(&cinfo);
        return status;
    }
    size_t row_bytes = (size_t)info.width * (size_t)info.channels;
    if (row_bytes * info.height != out_size) {
        set_message(message, message_size, "output buffer does not match the image layout");
        jpeg_destroy_decompress(&cinfo);
        return SEGSH_JPEG_INVALID;
    }
    jpeg_start_decompress(&cinfo);
    int cmyk = cinfo.out_color_space == JCS_CMYK;
    if (cinfo.output_width != info.width || cinfo.output_height != info.height ||
        cinfo.output_components != (cmyk ? 4 : info.channels)) {
        set_message(message, message_size, "libjpeg chose an unexpected output layout");
        jpeg_destroy_decompress(&cinfo);
        return SEGSH_JPEG_INVALID;
    }
    if (cmyk) {
        row = malloc((size_t)info.width * 4);
        if (!row) {
            jpeg_destroy_decompress(&cinfo);
            return SEGSH_JPEG_NO_MEMORY;
        }
    }
    while (cinfo.output_scanline < cinfo.output_height) {
        uint8_t *target = out + (size_t)cinfo.output_scanline * row_bytes;
        JSAMPROW rows[1] = {cmyk ? row : target};
        if (jpeg_read_scanlines(&cinfo, rows, 1) != 1) break;
        if (cmyk) cmyk_row_to_rgb(row, target, info.width, info.adobe_inverted);
    }
    jpeg_finish_decompress(&cinfo);
    free(row);
    row = NULL;
    jpeg_destroy_decompress(&cinfo);
    return SEGSH_JPEG_OK;
}

void segsh_jpeg_buffer_free(segsh_jpeg_buffer *buffer) {
    if (!buffer) return;
    free(buffer->bytes);
    buffer->bytes = NULL;
    buffer->size = 0;
}

int segsh_jpeg_encode(const uint8_t *pixels, uint32_t width, uint32_t height, int channels,
                      int quality, segsh_jpeg_buffer *out, char *message, size_t message_size) {
    if ((channels != 1 && channels != 3) || quality < 1 || quality > 100) {
        set_message(message, message_size, "JPEG stores 8-bit gray or RGB at quality 1...100");
        return SEGSH_JPEG_INVALID;
    }
    if (width == 0 || height == 0 || width > JPEG_MAX_DIMENSION || height > JPEG_MAX_DIMENSION) {
        set_message(message, message_size, "JPEG needs a width and height from 1 to 65500");
        return SEGSH_JPEG_INVALID;
    }
    memset(out, 0, sizeof *out);
    struct jpeg_compress_struct cinfo;
    error_context e;
    init_errors(&e, message, message_size);
    cinfo.err = &e.pub;
    // libjpeg grows the output with malloc and stores it through these pointers; they are
    // volatile because they change between setjmp and a possible longjmp.
    unsigned char *volatile destination = NULL;
    volatile unsigned long length = 0;
    if (setjmp(e.jump)) {
        jpeg_destroy_compress(&cinfo);
        free(destination);
        return SEGSH_JPEG_CORRUPT;
    }
    jpeg_create_compress(&cinfo);
    jpeg_mem_dest(&cinfo, (unsigned char **)&destination, (unsigned long *)&length);
    cinfo.image_width = width;
    cinfo.image_height = height;
    cinfo.input_components = channels;
    cinfo.in_color_space = channels == 1 ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_set_defaults(&cinfo);
    jpeg_set_quality(&cinfo, quality, TRUE);
    jpeg_start_compress(&cinfo, TRUE);
    size_t row_bytes = (size_t)width * (size_t)channels;
    while (cinfo.next_scanline < cinfo.image_height) {
        JSAMPROW rows[1] = {(JSAMPROW)(pixels + (size_t)cinfo.next_scanline * row_bytes)};
        jpeg_write_scanlines(&cinfo, rows, 1);
    }
    jpeg_finish_compress(&cinfo);
    jpeg_destroy_compress(&cinfo);
    out->bytes = destination;
    out->size = length;
    return SEGSH_JPEG_OK;
}

#define SEGSH_STRINGIFY2(x) #x
#define SEGSH_STRINGIFY(x) SEGSH_STRINGIFY2(x)

const char *segsh_jpeg_library_version(void) {
#ifdef LIBJPEG_TURBO_VERSION
    return "libjpeg-turbo " SEGSH_STRINGIFY(LIBJPEG_TURBO_VERSION);
#else
    return "libjpeg " SEGSH_STRINGIFY(JPEG_LIB_VERSION);
#endif
}
