package io.hookflow.platform.boundary;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.lang.reflect.Method;
import java.util.List;

import jakarta.validation.Validation;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.executable.ExecutableValidator;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;

import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;
import org.junit.jupiter.api.Test;

import io.hookflow.platform.control.FieldError;

class ConstraintViolationMapperTest {

    private static final ExecutableValidator VALIDATOR = Validation.byDefaultProvider().configure()
            .messageInterpolator(new ParameterMessageInterpolator()).buildValidatorFactory().getValidator().forExecutables();

    public static class Listing {
        public List<String> list(@PathParam("team") String team, @QueryParam("size") @Min(1) @Max(100) int size) {
            return List.of();
        }
    }

    /** What the CDI container's validation interceptor reports as the root bean: its subclass, overriding unannotated. */
    public static class ContainerSubclass extends Listing {
        @Override
        public List<String> list(String team, int size) {
            return super.list(team, size);
        }
    }

    @Test
    void aQueryParameterIsNamedAsTheResourceDeclaresItWhenTheContainersSubclassIsTheRootBean() throws Exception {
        assertThat(errorsOf(new ContainerSubclass(), 0)).extracting(FieldError::loc)
                .containsExactly(List.of("query", "size"));
    }

    @Test
    void aQueryParameterIsNamedTheSameWhenTheResourceItselfIsTheRootBean() throws Exception {
        assertThat(errorsOf(new Listing(), 101)).extracting(FieldError::loc, FieldError::type)
                .containsExactly(tuple(List.of("query", "size"), "less_than_equal"));
    }

    private static List<FieldError> errorsOf(Listing resource, int size) throws NoSuchMethodException {
        Method declared = Listing.class.getMethod("list", String.class, int.class);
        return VALIDATOR.validateParameters(resource, declared, new Object[] {"t", size}).stream()
                .map(ConstraintViolationMapper::toFieldError)
                .toList();
    }
}
