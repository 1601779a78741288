package io.hookflow.flows.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;

import org.junit.jupiter.api.Test;

class ViewerMaskTest {

    @Test
    void aSentUrlKeepsItsPathAndParameterNamesButNotTheirValues() {
        assertThat(ViewerMask.url("https://api.example.org/v1/items?api_key=s3cr3t&page=2&flag"))
                .isEqualTo("https://api.example.org/v1/items?api_key=***&page=***&flag");
    }

    @Test
    void userInfoAndFragmentOfAUrlAreMasked() {
        assertThat(ViewerMask.url("https://bob:pw@api.example.org/x#token=abc")).isEqualTo("https://***@api.example.org/x#***");
        assertThat(ViewerMask.url("https://api.example.org/users/a@b")).isEqualTo("https://api.example.org/users/a@b");
    }

    @Test
    void valuesAreMaskedAndNamesAndNullsKept() {
        var headers = new LinkedHashMap<String, Object>();
        headers.put("Authorization", "Bearer s3cr3t");
        headers.put("X-Empty", null);

        var masked = ViewerMask.values(headers);
        assertThat(masked).containsOnlyKeys("Authorization", "X-Empty");
        assertThat(masked.get("Authorization")).isEqualTo("***");
        assertThat(masked.get("X-Empty")).isNull();
    }
}
