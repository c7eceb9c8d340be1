package io.zhongtai.cli;

/** A command that acts on the platform of the home, or on the server given with --server. */
abstract class BackendCommand extends BaseCommand {
    @Override
    protected final int run() {
        try (Backend backend = main().openBackend()) {
            return act(backend);
        }
    }

    protected abstract int act(Backend backend);
}
