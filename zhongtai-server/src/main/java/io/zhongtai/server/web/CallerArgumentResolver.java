package io.zhongtai.server.web;

import io.zhongtai.core.ZhongtaiException;
import io.zhongtai.core.auth.Identity;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Supplies the authenticated caller ({@link Identity}) to controller methods that declare it. */
public final class CallerArgumentResolver implements HandlerMethodArgumentResolver {
    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Identity.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Object identity = request.getAttribute(AuthFilter.IDENTITY_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (identity == null) {
            // Only reachable if a public path were mapped to a method that needs a caller.
            throw new ZhongtaiException(ZhongtaiException.Kind.UNAUTHENTICATED, "Not authenticated");
        }
        return identity;
    }
}
