package dev.caio.java;

import dev.caio.spi.AsyncFileContextProvider;
import dev.caio.tck.AsyncFileContextTck;

/** The java backend under the full TCK, exactly as a third-party backend runs it. */
class JavaChannelTckTest extends AsyncFileContextTck {
    @Override
    protected AsyncFileContextProvider provider() {
        return new JavaChannelProvider();
    }
}
