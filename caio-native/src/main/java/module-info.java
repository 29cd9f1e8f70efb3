/** Internal plumbing shared by caio's native backends; not an API. */
module dev.caio.internal.natives {
    requires transitive dev.caio.api;

    exports dev.caio.internal.natives to dev.caio.thread, dev.caio.linux, dev.caio.uring;
}
