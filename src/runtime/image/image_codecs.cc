/*!
 * \file image_codecs.cc
 * \brief libtvm_runtime_image.so: decodes BMP, PNM, PNG, JPEG, TIFF, WebP and JPEG 2000 files
 *  to 8-bit RGB, for ONNX ImageDecoder (the runtime's "tvm.contrib.image.decode" loads this
 *  library when it first decodes, so libtvm_runtime.so itself needs no codec library).
 *
 *  A plain C ABI (nothing of the runtime is linked):
 *    int TVMImageDecodeRGB(const uint8_t* data, size_t size, uint8_t** rgb, int64_t* height,
 *                          int64_t* width, char* error, size_t error_size);
 *    void TVMImageFree(uint8_t* rgb);
 *  The result is height * width * 3 bytes, row-major, to free with TVMImageFree. On failure
 *  the function returns -1 and writes a message (what was expected, what was found) into
 *  `error`. Conversions follow Pillow's, which the ONNX reference implementation uses: alpha
 *  is dropped, palettes are expanded, gray is replicated, 16-bit samples keep their high byte.
 *  BMP and PNM are decoded here; the other formats through their reference libraries, each
 *  compiled in when CMake found it (TVM_IMAGE_WITH_<FORMAT>).
 */
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#ifdef TVM_IMAGE_WITH_JPEG
#include <jpeglib.h>
#endif
#ifdef TVM_IMAGE_WITH_PNG
#include <png.h>
#endif
#ifdef TVM_IMAGE_WITH_TIFF
#include <tiffio.h>
#endif
#ifdef TVM_IMAGE_WITH_WEBP
#include <webp/decode.h>
#endif
#ifdef TVM_IMAGE_WITH_OPENJPEG
#include <openjpeg.h>
#endif

namespace {

/*! \brief A decoding failure; its message goes back through the C ABI. */
struct DecodeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

/*! \brief Whether a width x height image is one we decode (at most 2^28 pixels). */
bool Plausible(int64_t h, int64_t w) {
  return h > 0 && w > 0 && h <= (int64_t{1} << 20) && w <= (int64_t{1} << 20) &&
         h * w <= (int64_t{1} << 28);
}

struct Image {
  int64_t height{0}, width{0};
  std::vector<uint8_t> rgb;
  void Resize(int64_t h, int64_t w, const char* format) {
    if (!Plausible(h, w)) {
      throw DecodeError(std::string(format) + ": implausible size " + std::to_string(w) + "x" +
                        std::to_string(h));
    }
    height = h;
    width = w;
    rgb.assign(static_cast<size_t>(h * w * 3), 0);
  }
};

[[noreturn, maybe_unused]] void Missing(const char* format, const char* package) {
  throw DecodeError(std::string(format) + " decoding was not built in (install " + package +
                    " and rebuild with USE_IMAGE_CODECS=ON)");
}

// ---- BMP ----------------------------------------------------------------------------------
uint32_t U32(const uint8_t* p) { return p[0] | p[1] << 8 | p[2] << 16 | uint32_t(p[3]) << 24; }
uint16_t U16(const uint8_t* p) { return static_cast<uint16_t>(p[0] | p[1] << 8); }

Image DecodeBmp(const uint8_t* d, size_t n) {
  if (n < 54) throw DecodeError("BMP: " + std::to_string(n) + " bytes, too short for the headers");
  uint32_t offset = U32(d + 10), header = U32(d + 14);
  if (header < 40 || 14 + header > n) throw DecodeError("BMP: unsupported or truncated header");
  int64_t width = static_cast<int32_t>(U32(d + 18));
  int64_t height = static_cast<int32_t>(U32(d + 22));
  uint16_t bits = U16(d + 28);
  uint32_t compression = U32(d + 30);
  bool bottom_up = height > 0;
  if (height < 0) height = -height;
  if (bits != 8 && bits != 24 && bits != 32) {
    throw DecodeError("BMP: " + std::to_string(bits) + " bits per pixel (supported: 8, 24, 32)");
  }
  if (compression != 0 && !(compression == 3 && bits == 32)) {
    throw DecodeError("BMP: compression " + std::to_string(compression) +
                      " (supported: uncompressed)");
  }
  Image img;
  img.Resize(height, width, "BMP");
  size_t stride = (static_cast<size_t>(width) * bits / 8 + 3) & ~size_t{3};
  if (offset > n || stride * static_cast<size_t>(height) > n - offset) {
    throw DecodeError("BMP: pixel data truncated (" + std::to_string(n) + " bytes)");
  }
  std::vector<uint8_t> palette;
  if (bits == 8) {
    uint32_t colors = U32(d + 46);
    if (colors == 0) colors = 256;
    size_t at = 14 + header;
    if (at + 4 * size_t{colors} > offset) throw DecodeError("BMP: palette truncated");
    palette.assign(d + at, d + at + 4 * size_t{colors});
  }
  for (int64_t y = 0; y < height; ++y) {
    const uint8_t* row = d + offset + stride * static_cast<size_t>(bottom_up ? height - 1 - y : y);
    uint8_t* out = &img.rgb[static_cast<size_t>(y * width * 3)];
    for (int64_t x = 0; x < width; ++x, out += 3) {
      const uint8_t* px;
      if (bits == 8) {
        size_t k = size_t{row[x]} * 4;
        if (k + 3 > palette.size()) throw DecodeError("BMP: palette index out of range");
        px = &palette[k];
      } else {
        px = row + x * (bits / 8);
      }
      out[0] = px[2];
      out[1] = px[1];
      out[2] = px[0];
    }
  }
  return img;
}

// ---- PNM (P2, P3, P5, P6) -----------------------------------------------------------------
Image DecodePnm(const uint8_t* d, size_t n) {
  size_t at = 2;
  auto number = [&](const char* what) {
    while (at < n) {
      if (d[at] == '#') {
        while (at < n && d[at] != '\n') ++at;
      } else if (d[at] == ' ' || (d[at] >= '\t' && d[at] <= '\r')) {
        ++at;
      } else {
        break;
      }
    }
    if (at >= n || d[at] < '0' || d[at] > '9') {
      throw DecodeError(std::string("PNM: expected the ") + what + ", found " +
                        (at < n ? "'" + std::string(1, static_cast<char>(d[at])) + "'"
                                : std::string("the end of the data")));
    }
    int64_t v = 0;
    while (at < n && d[at] >= '0' && d[at] <= '9' && v < (int64_t{1} << 32)) v = v * 10 + (d[at++] - '0');
    return v;
  };
  char kind = static_cast<char>(d[1]);
  int64_t width = number("width"), height = number("height"), maxval = number("maximum value");
  if (maxval < 1 || maxval > 65535) throw DecodeError("PNM: maximum value " + std::to_string(maxval));
  ++at;  // the single whitespace before binary data
  int channels = (kind == '3' || kind == '6') ? 3 : 1;
  bool ascii = kind == '2' || kind == '3';
  Image img;
  img.Resize(height, width, "PNM");
  int bytes = maxval > 255 ? 2 : 1;
  for (int64_t i = 0; i < height * width; ++i) {
    uint8_t px[3];
    for (int c = 0; c < channels; ++c) {
      int64_t v;
      if (ascii) {
        v = number("sample");
      } else {
        if (at + bytes > n) throw DecodeError("PNM: pixel data truncated");
        v = bytes == 2 ? (d[at] << 8 | d[at + 1]) : d[at];
        at += bytes;
      }
      if (v > maxval) throw DecodeError("PNM: sample " + std::to_string(v) + " above maxval");
      px[c] = static_cast<uint8_t>(maxval == 255 ? v : (v * 255 + maxval / 2) / maxval);
    }
    for (int c = 0; c < 3; ++c) img.rgb[static_cast<size_t>(i * 3 + c)] = px[channels == 3 ? c : 0];
  }
  return img;
}

// ---- JPEG (libjpeg) -----------------------------------------------------------------------
#ifdef TVM_IMAGE_WITH_JPEG
struct JpegErrorManager {
  jpeg_error_mgr base;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX];
};

void JpegErrorExit(j_common_ptr cinfo) {
  auto* err = reinterpret_cast<JpegErrorManager*>(cinfo->err);
  (*cinfo->err->format_message)(cinfo, err->message);
  std::longjmp(err->jump, 1);
}

void JpegSilence(j_common_ptr, int) {}

/*! \brief Decodes into img; false (message in err) when libjpeg failed. No C++ object with a
 *  destructor lives in this frame across setjmp. */
bool DecodeJpegInto(const uint8_t* d, size_t n, Image* img, JpegErrorManager* err,
                    std::string* why) {
  jpeg_decompress_struct cinfo;
  cinfo.err = jpeg_std_error(&err->base);
  err->base.error_exit = JpegErrorExit;
  err->base.emit_message = JpegSilence;
  if (setjmp(err->jump)) {
    jpeg_destroy_decompress(&cinfo);
    return false;
  }
  jpeg_create_decompress(&cinfo);
  jpeg_mem_src(&cinfo, d, static_cast<unsigned long>(n));  // NOLINT(runtime/int)
  jpeg_read_header(&cinfo, TRUE);
  if (cinfo.jpeg_color_space == JCS_CMYK || cinfo.jpeg_color_space == JCS_YCCK) {
    *why = "JPEG: CMYK images are not supported";
    jpeg_destroy_decompress(&cinfo);
    return true;
  }
  cinfo.out_color_space = JCS_RGB;
  jpeg_start_decompress(&cinfo);
  if (!Plausible(cinfo.output_height, cinfo.output_width)) {
    *why = "JPEG: implausible size " + std::to_string(cinfo.output_width) + "x" +
           std::to_string(cinfo.output_height);
    jpeg_destroy_decompress(&cinfo);
    return true;
  }
  img->Resize(cinfo.output_height, cinfo.output_width, "JPEG");
  while (cinfo.output_scanline < cinfo.output_height) {
    JSAMPROW row = &img->rgb[static_cast<size_t>(cinfo.output_scanline) * cinfo.output_width * 3];
    jpeg_read_scanlines(&cinfo, &row, 1);
  }
  jpeg_finish_decompress(&cinfo);
  jpeg_destroy_decompress(&cinfo);
  return true;
}

Image DecodeJpeg(const uint8_t* d, size_t n) {
  Image img;
  JpegErrorManager err;
  std::string why;
  if (!DecodeJpegInto(d, n, &img, &err, &why)) {
    throw DecodeError(std::string("JPEG: ") + err.message);
  }
  if (!why.empty()) throw DecodeError(why);
  return img;
}
#else
Image DecodeJpeg(const uint8_t*, size_t) { Missing("JPEG", "libjpeg62-turbo-dev"); }
#endif

// ---- PNG (libpng) -------------------------------------------------------------------------
#ifdef TVM_IMAGE_WITH_PNG
/*! \brief The input, the error message and the row pointers: everything that must outlive a
 *  longjmp out of libpng lives outside the frame that calls setjmp. */
struct PngReader {
  const uint8_t* data;
  size_t size, at;
  char message[256];
  std::vector<png_bytep> rows;
};

void PngRead(png_structp png, png_bytep out, png_size_t n) {
  auto* r = static_cast<PngReader*>(png_get_io_ptr(png));
  if (n > r->size - r->at) png_error(png, "the data ends early (truncated file)");
  std::memcpy(out, r->data + r->at, n);
  r->at += n;
}

void PngError(png_structp png, png_const_charp msg) {
  auto* r = static_cast<PngReader*>(png_get_error_ptr(png));
  std::snprintf(r->message, sizeof(r->message), "%s", msg);
  png_longjmp(png, 1);
}

void PngWarning(png_structp, png_const_charp) {}

bool DecodePngInto(PngReader* reader, Image* img) {
  png_structp png = png_create_read_struct(PNG_LIBPNG_VER_STRING, reader, PngError, PngWarning);
  if (png == nullptr) return false;
  png_infop info = png_create_info_struct(png);
  if (info == nullptr || setjmp(png_jmpbuf(png))) {
    png_destroy_read_struct(&png, info ? &info : nullptr, nullptr);
    return false;
  }
  png_set_read_fn(png, reader, PngRead);
  png_read_info(png, info);
  png_set_strip_16(png);
  png_set_strip_alpha(png);
  png_set_palette_to_rgb(png);
  png_set_expand_gray_1_2_4_to_8(png);
  png_set_gray_to_rgb(png);
  png_set_interlace_handling(png);
  png_read_update_info(png, info);
  int64_t h = png_get_image_height(png, info), w = png_get_image_width(png, info);
  if (!Plausible(h, w) || png_get_rowbytes(png, info) != static_cast<size_t>(w) * 3) {
    std::snprintf(reader->message, sizeof(reader->message), "implausible size %lldx%lld",
                  static_cast<long long>(w), static_cast<long long>(h));  // NOLINT(runtime/int)
    png_destroy_read_struct(&png, &info, nullptr);
    return false;
  }
  img->Resize(h, w, "PNG");
  reader->rows.resize(static_cast<size_t>(h));
  for (int64_t y = 0; y < h; ++y) reader->rows[y] = &img->rgb[static_cast<size_t>(y * w * 3)];
  png_read_image(png, reader->rows.data());
  png_read_end(png, nullptr);
  png_destroy_read_struct(&png, &info, nullptr);
  return true;
}

Image DecodePng(const uint8_t* d, size_t n) {
  PngReader reader{d, n, 0, "out of memory", {}};
  Image img;
  if (!DecodePngInto(&reader, &img)) throw DecodeError(std::string("PNG: ") + reader.message);
  return img;
}
#else
Image DecodePng(const uint8_t*, size_t) { Missing("PNG", "libpng-dev"); }
#endif

// ---- TIFF (libtiff) -----------------------------------------------------------------------
#ifdef TVM_IMAGE_WITH_TIFF
struct TiffMemory {
  const uint8_t* data;
  toff_t size, at;
};
thread_local std::string tiff_message;

tmsize_t TiffRead(thandle_t h, void* buf, tmsize_t n) {
  auto* m = static_cast<TiffMemory*>(h);
  toff_t left = m->size - m->at;
  toff_t k = static_cast<toff_t>(n) < left ? static_cast<toff_t>(n) : left;
  std::memcpy(buf, m->data + m->at, k);
  m->at += k;
  return static_cast<tmsize_t>(k);
}
tmsize_t TiffWrite(thandle_t, void*, tmsize_t) { return 0; }
toff_t TiffSeek(thandle_t h, toff_t off, int whence) {
  auto* m = static_cast<TiffMemory*>(h);
  toff_t base = whence == SEEK_SET ? 0 : whence == SEEK_CUR ? m->at : m->size;
  if (base + off > m->size) return static_cast<toff_t>(-1);
  m->at = base + off;
  return m->at;
}
int TiffClose(thandle_t) { return 0; }
toff_t TiffSize(thandle_t h) { return static_cast<TiffMemory*>(h)->size; }
void TiffHandler(const char*, const char* fmt, va_list ap) {
  char buf[256];
  std::vsnprintf(buf, sizeof(buf), fmt, ap);
  if (tiff_message.empty()) tiff_message = buf;
}
void TiffIgnore(const char*, const char*, va_list) {}

Image DecodeTiff(const uint8_t* d, size_t n) {
  TIFFSetErrorHandler(TiffHandler);
  TIFFSetWarningHandler(TiffIgnore);
  tiff_message.clear();
  TiffMemory mem{d, n, 0};
  TIFF* tif = TIFFClientOpen("image", "rm", &mem, TiffRead, TiffWrite, TiffSeek, TiffClose,
                             TiffSize, nullptr, nullptr);
  if (tif == nullptr) throw DecodeError("TIFF: " + tiff_message);
  uint32_t w = 0, h = 0;
  TIFFGetField(tif, TIFFTAG_IMAGEWIDTH, &w);
  TIFFGetField(tif, TIFFTAG_IMAGELENGTH, &h);
  Image img;
  try {
    img.Resize(h, w, "TIFF");
  } catch (...) {
    TIFFClose(tif);
    throw;
  }
  std::vector<uint32_t> rgba(static_cast<size_t>(w) * h);
  int ok = TIFFReadRGBAImageOriented(tif, w, h, rgba.data(), ORIENTATION_TOPLEFT, 0);
  TIFFClose(tif);
  if (!ok) throw DecodeError("TIFF: " + (tiff_message.empty() ? "cannot read the image" : tiff_message));
  for (size_t i = 0; i < rgba.size(); ++i) {
    img.rgb[3 * i] = static_cast<uint8_t>(TIFFGetR(rgba[i]));
    img.rgb[3 * i + 1] = static_cast<uint8_t>(TIFFGetG(rgba[i]));
    img.rgb[3 * i + 2] = static_cast<uint8_t>(TIFFGetB(rgba[i]));
  }
  return img;
}
#else
Image DecodeTiff(const uint8_t*, size_t) { Missing("TIFF", "libtiff-dev"); }
#endif

// ---- WebP (libwebp) -----------------------------------------------------------------------
#ifdef TVM_IMAGE_WITH_WEBP
Image DecodeWebp(const uint8_t* d, size_t n) {
  int w = 0, h = 0;
  if (!WebPGetInfo(d, n, &w, &h)) throw DecodeError("WebP: not a valid WebP bitstream");
  Image img;
  img.Resize(h, w, "WebP");
  if (WebPDecodeRGBInto(d, n, img.rgb.data(), img.rgb.size(), w * 3) == nullptr) {
    throw DecodeError("WebP: the bitstream is corrupt or truncated");
  }
  return img;
}
#else
Image DecodeWebp(const uint8_t*, size_t) { Missing("WebP", "libwebp-dev"); }
#endif

// ---- JPEG 2000 (OpenJPEG) -----------------------------------------------------------------
#ifdef TVM_IMAGE_WITH_OPENJPEG
struct J2kMemory {
  const uint8_t* data;
  OPJ_SIZE_T size, at;
};
OPJ_SIZE_T J2kRead(void* buf, OPJ_SIZE_T n, void* user) {
  auto* m = static_cast<J2kMemory*>(user);
  if (m->at >= m->size) return static_cast<OPJ_SIZE_T>(-1);
  OPJ_SIZE_T k = n < m->size - m->at ? n : m->size - m->at;
  std::memcpy(buf, m->data + m->at, k);
  m->at += k;
  return k;
}
OPJ_OFF_T J2kSkip(OPJ_OFF_T n, void* user) {
  auto* m = static_cast<J2kMemory*>(user);
  if (n < 0 || static_cast<OPJ_SIZE_T>(n) > m->size - m->at) return -1;
  m->at += static_cast<OPJ_SIZE_T>(n);
  return n;
}
OPJ_BOOL J2kSeek(OPJ_OFF_T n, void* user) {
  auto* m = static_cast<J2kMemory*>(user);
  if (n < 0 || static_cast<OPJ_SIZE_T>(n) > m->size) return OPJ_FALSE;
  m->at = static_cast<OPJ_SIZE_T>(n);
  return OPJ_TRUE;
}
thread_local std::string j2k_message;
void J2kError(const char* msg, void*) {
  if (j2k_message.empty()) j2k_message = msg;
  while (!j2k_message.empty() && j2k_message.back() == '\n') j2k_message.pop_back();
}
void J2kIgnore(const char*, void*) {}

Image DecodeJ2k(const uint8_t* d, size_t n, bool codestream) {
  j2k_message.clear();
  J2kMemory mem{d, n, 0};
  opj_stream_t* stream = opj_stream_create(1 << 16, OPJ_TRUE);
  opj_stream_set_user_data(stream, &mem, nullptr);
  opj_stream_set_user_data_length(stream, n);
  opj_stream_set_read_function(stream, J2kRead);
  opj_stream_set_skip_function(stream, J2kSkip);
  opj_stream_set_seek_function(stream, J2kSeek);
  opj_codec_t* codec = opj_create_decompress(codestream ? OPJ_CODEC_J2K : OPJ_CODEC_JP2);
  opj_set_error_handler(codec, J2kError, nullptr);
  opj_set_warning_handler(codec, J2kIgnore, nullptr);
  opj_set_info_handler(codec, J2kIgnore, nullptr);
  opj_dparameters_t params;
  opj_set_default_decoder_parameters(&params);
  opj_image_t* image = nullptr;
  bool ok = opj_setup_decoder(codec, &params) && opj_read_header(stream, codec, &image) &&
            opj_decode(codec, stream, image) && opj_end_decompress(codec, stream);
  opj_stream_destroy(stream);
  opj_destroy_codec(codec);
  if (!ok || image == nullptr || image->numcomps < 1) {
    if (image) opj_image_destroy(image);
    throw DecodeError("JPEG 2000: " + (j2k_message.empty() ? std::string("cannot decode")
                                                           : j2k_message));
  }
  Image img;
  const opj_image_comp_t* c0 = &image->comps[0];
  try {
    img.Resize(c0->h, c0->w, "JPEG 2000");
    int channels = image->numcomps >= 3 ? 3 : 1;
    for (int c = 0; c < channels; ++c) {
      const opj_image_comp_t* comp = &image->comps[c];
      if (comp->w != c0->w || comp->h != c0->h || comp->data == nullptr) {
        throw DecodeError("JPEG 2000: subsampled components are not supported");
      }
      int shift = comp->prec > 8 ? static_cast<int>(comp->prec) - 8 : 0;
      int offset = comp->sgnd ? 1 << (comp->prec - 1) : 0;
      for (int64_t i = 0; i < img.height * img.width; ++i) {
        int v = (comp->data[i] + offset) >> shift;
        v = v < 0 ? 0 : v > 255 ? 255 : v;
        for (int k = (channels == 1 ? 0 : c); k < (channels == 1 ? 3 : c + 1); ++k) {
          img.rgb[static_cast<size_t>(i * 3 + k)] = static_cast<uint8_t>(v);
        }
      }
    }
  } catch (...) {
    opj_image_destroy(image);
    throw;
  }
  opj_image_destroy(image);
  return img;
}
#else
Image DecodeJ2k(const uint8_t*, size_t, bool) { Missing("JPEG 2000", "libopenjp2-7-dev"); }
#endif

bool StartsWith(const uint8_t* d, size_t n, const char* sig, size_t len) {
  return n >= len && std::memcmp(d, sig, len) == 0;
}

Image Decode(const uint8_t* d, size_t n) {
  if (n == 0) throw DecodeError("no data (an empty tensor)");
  if (StartsWith(d, n, "\xFF\xD8\xFF", 3)) return DecodeJpeg(d, n);
  if (StartsWith(d, n, "\x89PNG\r\n\x1A\n", 8)) return DecodePng(d, n);
  if (StartsWith(d, n, "BM", 2)) return DecodeBmp(d, n);
  if (n >= 2 && d[0] == 'P' && (d[1] == '2' || d[1] == '3' || d[1] == '5' || d[1] == '6')) {
    return DecodePnm(d, n);
  }
  if (StartsWith(d, n, "II*\0", 4) || StartsWith(d, n, "MM\0*", 4)) return DecodeTiff(d, n);
  if (n >= 12 && StartsWith(d, n, "RIFF", 4) && std::memcmp(d + 8, "WEBP", 4) == 0) {
    return DecodeWebp(d, n);
  }
  if (StartsWith(d, n, "\xFF\x4F\xFF\x51", 4)) return DecodeJ2k(d, n, true);
  if (StartsWith(d, n, "\x00\x00\x00\x0CjP  \r\n\x87\n", 12)) return DecodeJ2k(d, n, false);
  std::string head;
  char hex[4];
  for (size_t i = 0; i < n && i < 8; ++i) {
    std::snprintf(hex, sizeof(hex), "%02x ", d[i]);
    head += hex;
  }
  if (!head.empty()) head.pop_back();
  throw DecodeError("expected a BMP, JPEG, JPEG 2000, PNG, PNM, TIFF or WebP file, found bytes " +
                    head);
}

}  // namespace

extern "C" {

int TVMImageDecodeRGB(const uint8_t* data, size_t size, uint8_t** rgb, int64_t* height,
                      int64_t* width, char* error, size_t error_size) {
  try {
    Image img = Decode(data, size);
    *rgb = static_cast<uint8_t*>(std::malloc(img.rgb.size()));
    if (*rgb == nullptr) throw DecodeError("out of memory");
    std::memcpy(*rgb, img.rgb.data(), img.rgb.size());
    *height = img.height;
    *width = img.width;
    return 0;
  } catch (const std::exception& e) {
    std::snprintf(error, error_size, "%s", e.what());
    return -1;
  }
}

void TVMImageFree(uint8_t* rgb) { std::free(rgb); }

}  // extern "C"
