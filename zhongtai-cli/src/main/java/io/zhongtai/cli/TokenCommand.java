package io.zhongtai.cli;

import io.zhongtai.core.Platform;
import io.zhongtai.core.auth.CreatedToken;
import io.zhongtai.core.auth.Identity;
import io.zhongtai.core.auth.TokenInfo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Arrays;
import java.util.List;

/** {@code zhongtai token ...}: API tokens of the local home (never through --server). */
@Command(name = "token", description = "Creates, lists and revokes the API tokens that clients of `zhongtai server` present. "
        + "Always acts on the local platform home, even when --server is set.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }

    @Command(name = "create", description = {
            "Creates a token and prints only its secret on stdout, so that T=$(zhongtai token create --name ci) works.",
            "The secret is shown once: only its hash is stored."})
    static final class Create extends BaseCommand {
        @Option(names = "--name", paramLabel = "NAME", required = true,
                description = "Unique name: 1 to 64 letters, digits, '.', '_' or '-'. The name identifies the caller in audit logs.")
        String name;

        @Override
        protected int run() {
            try (Platform platform = main().openPlatform()) {
                CreatedToken token = platform.tokens().create(name, Identity.localUser());
                out().println(token.secret());
            }
            return 0;
        }
    }

    @Command(name = "list", description = "Lists tokens (never their secrets): id, name, creation, last use, revocation, creator.")
    static final class ListTokens extends BaseCommand {
        @Mixin
        OutputOption output;

        @Override
        protected int run() {
            List<TokenInfo> tokens;
            try (Platform platform = main().openPlatform()) {
                tokens = platform.tokens().list();
            }
            new ResultPrinter(out(), err(), output.resolve(main())).print(TableCommand.listing(tokens,
                    List.of("id", "name", "created_at", "last_used_at", "revoked_at", "created_by"),
                    t -> Arrays.asList(t.id(), t.name(), TableCommand.time(t.createdAt()), TableCommand.time(t.lastUsedAt().orElse(null)),
                            TableCommand.time(t.revokedAt().orElse(null)), t.createdBy())));
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revokes a token by name (or, failing that, by id); clients using it are refused from then on.")
    static final class Revoke extends BaseCommand {
        @Parameters(index = "0", paramLabel = "NAME_OR_ID", description = "The token's name or id.")
        String nameOrId;

        @Override
        protected int run() {
            try (Platform platform = main().openPlatform()) {
                platform.tokens().revoke(nameOrId);
            }
            out().println("Revoked token " + nameOrId);
            return 0;
        }
    }
}
