package dev.vigil.engine.websdk;

import dev.vigil.engine.error.ErrorCode;
import dev.vigil.engine.error.RefusedException;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hidden {@code payload} form part of RaiseCustomEvent, read with Netty's form decoder from
 * a {@code multipart/form-data} (or urlencoded) body. A part sent as a file upload
 * ({@code filename=payload}, as curl's {@code -F 'payload=...;filename=payload'} does) counts too.
 */
final class FormPayload {
    static final int MAX_BYTES = 64 * 1024;

    private FormPayload() {}

    /** Netty's decoder takes a cut-off body for a complete one; a form must end with its closing boundary. */
    private static void requireClosingBoundary(byte[] body, String contentType) {
        Matcher m = Pattern.compile("(?i)boundary=\"?([^\";]{1,200})\"?").matcher(contentType);
        if (!m.find()) {
            throw new RefusedException(ErrorCode.INVALID_MULTIPART, "multipart/form-data without a boundary parameter");
        }
        String closing = "--" + m.group(1) + "--";
        String text = new String(body, StandardCharsets.ISO_8859_1);
        if (!text.contains(closing)) {
            throw new RefusedException(
                    ErrorCode.INVALID_MULTIPART, "the form body ends before its closing boundary " + closing);
        }
    }

    /** The payload text, or null when the body carries none. */
    static String read(byte[] body, String contentType) {
        if (body.length == 0 || contentType == null) {
            return null;
        }
        String ct = contentType.toLowerCase(Locale.ROOT);
        if (!ct.startsWith("multipart/form-data") && !ct.startsWith("application/x-www-form-urlencoded")) {
            throw new RefusedException(
                    ErrorCode.INVALID_REQUEST,
                    "a RaiseCustomEvent body must be multipart/form-data with " + "a 'payload' part, not "
                            + contentType);
        }
        if (ct.startsWith("multipart/form-data")) {
            requireClosingBoundary(body, contentType);
        }
        FullHttpRequest req =
                new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(body));
        req.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), req);
        } catch (RuntimeException e) {
            throw new RefusedException(ErrorCode.INVALID_MULTIPART, "the form body cannot be read: " + e.getMessage());
        }
        try {
            InterfaceHttpData part = decoder.getBodyHttpData("payload");
            if (part == null) {
                return null;
            }
            byte[] bytes;
            if (part instanceof FileUpload f) {
                bytes = f.get();
            } else if (part instanceof Attribute a) {
                bytes = a.get();
            } else {
                return null;
            }
            if (bytes.length > MAX_BYTES) {
                throw new RefusedException(
                        ErrorCode.REQUEST_TOO_LARGE,
                        "the payload part is " + bytes.length + " bytes; at most " + MAX_BYTES);
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            if (e instanceof RefusedException re) {
                throw re;
            }
            throw new RefusedException(ErrorCode.INVALID_MULTIPART, "the form body cannot be read: " + e.getMessage());
        } finally {
            decoder.destroy();
            req.release();
        }
    }
}
