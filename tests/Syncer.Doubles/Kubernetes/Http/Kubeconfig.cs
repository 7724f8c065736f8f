namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// A minimal kubeconfig: one plain-http cluster, one bearer-token user, namespace "default". The server URL
/// carries the token too (<c>/token/{token}</c>) because kubectl sends no credentials over plain http.
/// </summary>
internal static class Kubeconfig
{
    public static string Render(Uri server, string token) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: kube-api-double
          cluster:
            server: {{server.GetLeftPart(UriPartial.Authority)}}/token/{{Uri.EscapeDataString(token)}}
        users:
        - name: kube-api-double
          user:
            token: {{token}}
        contexts:
        - name: kube-api-double
          context:
            cluster: kube-api-double
            user: kube-api-double
            namespace: default
        current-context: kube-api-double
        preferences: {}

        """;
}
