package io.hookflow.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.hookflow.platform.control.Conflict;
import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.Forbidden;
import io.hookflow.platform.control.Invalid;
import io.hookflow.platform.control.Malformed;
import io.hookflow.platform.control.NotFound;
import io.hookflow.platform.control.TooLarge;
import io.hookflow.platform.control.Unauthorized;
import org.junit.jupiter.api.Test;

class DomainExceptionMapperTest {

    @Test
    void eachKindOfRefusalHasItsStatus() {
        assertThat(DomainExceptionMapper.status(new Invalid(FieldError.body("name", "must not be blank", "value_error")))).isEqualTo(422);
        assertThat(DomainExceptionMapper.status(new NotFound("flow x not found"))).isEqualTo(404);
        assertThat(DomainExceptionMapper.status(new Conflict("stopped"))).isEqualTo(409);
        assertThat(DomainExceptionMapper.status(new Forbidden("no role"))).isEqualTo(403);
        assertThat(DomainExceptionMapper.status(new Unauthorized("no token"))).isEqualTo(401);
        assertThat(DomainExceptionMapper.status(new TooLarge("over 1 MiB"))).isEqualTo(413);
        assertThat(DomainExceptionMapper.status(new Malformed("not JSON"))).isEqualTo(400);
    }

    @Test
    void anInvalidFieldIsNamedInTheMessageTheFlowsSurfaceShows() {
        var invalid = Invalid.field("url", "must be an absolute http or https URL");

        assertThat(invalid.getMessage()).isEqualTo("url: must be an absolute http or https URL");
        assertThat(invalid.fieldErrors()).extracting(FieldError::loc).containsExactly(List.of("body", "url"));
    }
}
