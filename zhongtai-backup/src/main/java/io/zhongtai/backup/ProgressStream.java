package io.zhongtai.backup;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.function.LongConsumer;

/** Passes bytes through, telling {@code written} how many went by. */
final class ProgressStream extends FilterOutputStream {
    private final LongConsumer written;

    ProgressStream(OutputStream out, LongConsumer written) {
        super(out);
        this.written = written;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        written.accept(len);
    }

    @Override
    public void write(int b) throws IOException {
        out.write(b);
        written.accept(1);
    }

    @Override
    public void close() {
        // the caller closes the underlying stream
    }
}
