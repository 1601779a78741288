package io.hookflow.platform.boundary;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import io.hookflow.platform.control.FieldError;
import io.hookflow.platform.control.JsonNames;

/**
 * Bean Validation failures on resource parameters become 422s whose {@code loc} names the parameter as the
 * client sent it: {@code ["query","size"]}, {@code ["body","timeout_seconds"]}, {@code ["body","steps",1,"webhook_url"]}.
 */
@Provider
public class ConstraintViolationMapper implements ExceptionMapper<ConstraintViolationException> {

    private static final Map<String, String> TYPES = Map.of(
            "NotNull", "missing", "NotBlank", "missing", "NotEmpty", "missing",
            "Min", "greater_than_equal", "Max", "less_than_equal", "Size", "string_length",
            "Pattern", "string_pattern_mismatch", "Positive", "greater_than", "PositiveOrZero", "greater_than_equal");

    @Context
    UriInfo uri;

    @Override
    public Response toResponse(ConstraintViolationException e) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(ConstraintViolationMapper::toFieldError)
                .sorted(Comparator.comparing(FieldError::field))
                .toList();
        return ErrorResponses.of(uri, 422, new io.hookflow.platform.control.Invalid(errors).getMessage(), errors);
    }

    /** Where a violation is, on the wire; a bean validated on its own (not as a parameter) is a request body. */
    public static FieldError toFieldError(ConstraintViolation<?> violation) {
        List<Object> loc = new ArrayList<>();
        Method method = null;
        Type current = null;
        var first = violation.getPropertyPath().iterator();
        if (first.hasNext() && first.next().getKind() == ElementKind.PROPERTY) {
            loc.add("body");
            current = violation.getRootBeanClass();
        }
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD) {
                method = findMethod(violation.getRootBeanClass(), node.as(Path.MethodNode.class)).orElse(null);
            } else if (node.getKind() == ElementKind.PARAMETER) {
                int index = node.as(Path.ParameterNode.class).getParameterIndex();
                loc.addAll(parameterLocation(method, index, node.getName()));
                current = method == null ? null : method.getGenericParameterTypes()[index];
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                if (node.isInIterable()) {
                    if (node.getIndex() != null) {
                        loc.add(node.getIndex());
                    } else if (node.getKey() != null) {
                        loc.add(String.valueOf(node.getKey()));
                    }
                    current = elementType(current);
                }
                Optional<QueryParam> beanParameter = queryParameter(current, node.getName());
                if (node.getKind() == ElementKind.PROPERTY && beanParameter.isPresent()) {
                    loc.addAll(List.of("query", beanParameter.get().value())); // a field of a @BeanParam
                    current = null;
                } else if (node.getName() != null && node.getKind() == ElementKind.PROPERTY) {
                    loc.add(jsonName(current, node.getName()));
                    current = propertyType(current, node.getName());
                }
            }
        }
        if (loc.isEmpty()) {
            loc.add("body");
        }
        String constraint = violation.getConstraintDescriptor().getAnnotation().annotationType().getSimpleName();
        return new FieldError(loc, violation.getMessage(), TYPES.getOrDefault(constraint, "value_error"));
    }

    private static List<Object> parameterLocation(Method method, int index, String fallbackName) {
        if (method == null) {
            return List.of("body");
        }
        for (Annotation annotation : method.getParameterAnnotations()[index]) {
            if (annotation instanceof QueryParam q) {
                return List.of("query", q.value());
            }
            if (annotation instanceof PathParam p) {
                return List.of("path", p.value());
            }
            if (annotation instanceof HeaderParam h) {
                return List.of("header", h.value());
            }
            if (annotation instanceof BeanParam) {
                return List.of(); // its fields name themselves
            }
        }
        return List.of("body");
    }

    /** The query parameter a field of a {@code @BeanParam} class reads, if {@code owner} is one. */
    private static Optional<QueryParam> queryParameter(Type owner, String field) {
        if (!(owner instanceof Class<?> type) || type.isRecord() || field == null) {
            return Optional.empty();
        }
        try {
            return Optional.ofNullable(type.getDeclaredField(field).getAnnotation(QueryParam.class));
        } catch (NoSuchFieldException notAField) {
            return Optional.empty();
        }
    }

    /**
     * The method as the resource class declares it. The root bean is the container's subclass of the resource when its
     * validation interceptor reports the violation, and that subclass's override carries no parameter annotations.
     */
    private static Optional<Method> findMethod(Class<?> type, Path.MethodNode node) {
        Optional<Method> topmost = Optional.empty();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            Optional<Method> declared = Arrays.stream(c.getDeclaredMethods())
                    .filter(m -> m.getName().equals(node.getName()))
                    .filter(m -> Arrays.equals(m.getParameterTypes(), node.getParameterTypes().toArray()))
                    .findFirst();
            if (declared.isPresent()) {
                topmost = declared;
            }
        }
        return topmost;
    }

    private static String jsonName(Type owner, String property) {
        return javaField(owner, property)
                .map(component -> component.getAnnotation(JsonbProperty.class))
                .map(JsonbProperty::value)
                .orElseGet(() -> JsonNames.snakeCase(property));
    }

    private static Type propertyType(Type owner, String property) {
        return javaField(owner, property).map(RecordComponent::getGenericType).orElse(null);
    }

    private static Optional<RecordComponent> javaField(Type owner, String property) {
        if (owner instanceof Class<?> type && type.isRecord()) {
            return Arrays.stream(type.getRecordComponents()).filter(c -> c.getName().equals(property)).findFirst();
        }
        return Optional.empty();
    }

    private static Type elementType(Type container) {
        if (container instanceof ParameterizedType p) {
            Type[] args = p.getActualTypeArguments();
            return args[args.length - 1];
        }
        return null;
    }
}
