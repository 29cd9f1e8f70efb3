/**
 * Internal plumbing shared by caio's native backends; not an API. The module name is public and stable: it is the
 * caller that loads the native libraries, so it is what {@code --enable-native-access} names on the module path.
 */
module dev.caio.natives {
    requires transitive dev.caio.api;
    requires static com.google.auto.service;

    exports dev.caio.internal.natives to dev.caio.thread, dev.caio.linux, dev.caio.uring;

    provides dev.caio.spi.DirectFileSupport with dev.caio.internal.natives.NativeDirectFiles;
}
