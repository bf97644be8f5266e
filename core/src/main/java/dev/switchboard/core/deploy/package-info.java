/**
 * The ARM template language, for {@code Microsoft.Resources/deployments}. Entry point: {@link
 * dev.switchboard.core.deploy.TemplateEngine#expand}; then, per planned resource in order, {@code Expanded.body}
 * just before its PUT, and {@code Expanded.outputs} at the end.
 *
 * <p>Pipeline: the template is normalized (integers as Long) and frozen; every expression string is parsed and its
 * functions checked ({@code TemplateChecker}); parameters are bound and checked ({@code ParameterBinder}), variables
 * evaluated ({@code VariableTable}); resources are expanded into instances ({@code ResourceExpander}), registered
 * ({@code ResourceRegistry}), their dependencies resolved ({@code Dependencies}) and sorted ({@code
 * DependencyOrder}); finally every enabled body and every output is evaluated with reference() deferred, so what
 * can fail without deploying fails here.
 *
 * <p>Where Switchboard deliberately differs from Azure:
 * <ul>
 *   <li>resourceId()/extensionResourceId() pointing at a resource of the template add an implicit dependency (ARM
 *       infers one only from reference()); so do a parent (by ID prefix, nested or not) and an extension
 *       resource's scope;</li>
 *   <li>a nested child of a resource whose condition is false is not deployed either;</li>
 *   <li>subscription().displayName is the subscription ID; deployment() has name and properties.template.contentVersion
 *       and mode only.</li>
 * </ul>
 * Not supported (refused with InvalidTemplate or UnknownFunction): languageVersion 2.0 (symbolic names), user-defined
 * functions, list*() functions, utcNow()/newGuid(), environment(), tenant(), managementGroup(), Key Vault parameter
 * references, and inner-scoped nested deployments (their expressions would be evaluated in this template's scope).
 */
package dev.switchboard.core.deploy;
