package io.zhongtai.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TokenCommandTest {
    @TempDir
    Path home;

    @Test
    void createPrintsOnlyTheSecretListNeverDoesAndRevokeWorks() {
        Cli cli = new Cli(home);

        Cli.Run created = cli.run("token", "create", "--name", "ci");
        assertThat(created.exitCode()).as(created.toString()).isZero();
        assertThat(created.out()).matches("zt_[A-Za-z0-9_-]{20,}\n");
        assertThat(created.out().lines()).hasSize(1);
        String secret = created.out().strip();

        Cli.Run again = cli.run("token", "create", "--name", "ci");
        assertThat(again.exitCode()).isEqualTo(5);
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).isEqualTo("Error: Cannot create token, name already exists: ci\n");

        Cli.Run list = cli.run("token", "list", "--format", "csv");
        assertThat(list.exitCode()).as(list.toString()).isZero();
        assertThat(list.out()).startsWith("id,name,created_at,last_used_at,revoked_at,created_by\n")
                .contains(",ci,").doesNotContain(secret);
        assertThat(list.out().lines()).hasSize(2);

        Cli.Run revoke = cli.run("token", "revoke", "ci");
        assertThat(revoke.exitCode()).as(revoke.toString()).isZero();
        assertThat(revoke.out()).isEqualTo("Revoked token ci\n");
        assertThat(cli.run("token", "list", "--format", "json").out()).contains("\"name\":\"ci\"").doesNotContain("\"revoked_at\":null");

        Cli.Run unknown = cli.run("token", "revoke", "nobody");
        assertThat(unknown.exitCode()).isEqualTo(4);
        assertThat(unknown.err()).isEqualTo("Error: Cannot revoke token, no token has name or id: nobody\n");
    }
}
