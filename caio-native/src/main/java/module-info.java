/** Internal plumbing shared by caio's native backends; not an API. */
module dev.caio.internal.natives {
    requires transitive dev.caio.api;
    requires static com.google.auto.service;

    exports dev.caio.internal.natives to dev.caio.thread, dev.caio.linux, dev.caio.uring;

    provides dev.caio.spi.DirectFileSupport with dev.caio.internal.natives.NativeDirectFiles;
}
