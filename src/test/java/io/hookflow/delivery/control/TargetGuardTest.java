package io.hookflow.delivery.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class TargetGuardTest {

    private static final TargetGuard.Resolver LITERALS_ONLY = host -> {
        if (host.matches("[0-9.]+") || host.contains(":")) {
            return InetAddress.getAllByName(host);
        }
        throw new UnknownHostException(host);
    };

    @ParameterizedTest
    @ValueSource(strings = {
            "http://127.0.0.1:8080/hook", "http://127.5.6.7/", "http://localhost/x", "http://api.localhost/x",
            "http://10.1.2.3/", "http://172.16.0.1/", "http://172.31.255.255/", "http://192.168.1.1/",
            "http://169.254.169.254/latest/meta-data/", "http://100.100.100.200/", "http://0.0.0.0/",
            "http://[::1]/", "http://[fe80::1]/", "http://[fd00:ec2::254]/", "http://[::ffff:127.0.0.1]/",
            "http://[64:ff9b::a9fe:a9fe]/", "http://metadata.google.internal/computeMetadata/v1/",
            "http://168.63.129.16/", "http://224.0.0.1/", "http://255.255.255.255/"})
    void privateLoopbackLinkLocalAndMetadataTargetsAreRefused(String url) {
        assertThat(TargetGuard.refusal(url, LITERALS_ONLY)).hasValueSatisfying(message ->
                assertThat(message).contains("loopback, private, link-local or metadata address")
                        .contains(TargetGuard.ALLOW_PRIVATE_KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://93.184.215.14/hook", "http://8.8.8.8/", "http://172.32.0.1/", "http://[2606:4700::1111]/",
            "https://unresolvable.invalid/hook"})
    void publicAndUnresolvableTargetsPass(String url) {
        assertThat(TargetGuard.refusal(url, LITERALS_ONLY)).isEmpty();
    }

    @Test
    void aNameThatResolvesToAPrivateAddressIsRefusedWithoutSayingWhatItResolvesTo() {
        TargetGuard.Resolver internal = host -> new InetAddress[]{InetAddress.getByName("8.8.4.4"), InetAddress.getByName("10.0.0.7")};
        assertThat(TargetGuard.refusal("https://hooks.corp.example/in", internal))
                .hasValueSatisfying(message -> assertThat(message).contains("hooks.corp.example").contains("private")
                        .doesNotContain("10.0.0.7").doesNotContain("8.8.4.4"));
    }

    @Test
    void theSwitchAllowsPrivateTargets() {
        var guard = new TargetGuard();
        guard.allowPrivateTargets = true;
        assertThat(guard.refusal("http://127.0.0.1:9/")).isEmpty();
        guard.allowPrivateTargets = false;
        assertThat(guard.refusal("http://127.0.0.1:9/")).isPresent();
    }
}
