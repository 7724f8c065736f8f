using System.Text;

namespace Syncer.Doubles.Kubernetes.Http;

/// <summary>
/// A minimal kubeconfig as a cluster's admin.conf has it: one https cluster with its CA inline
/// (certificate-authority-data), one bearer-token user (none for an empty token), namespace "default".
/// </summary>
internal static class Kubeconfig
{
    public static string Render(Uri server, string caPem, string token) => $$"""
        apiVersion: v1
        kind: Config
        clusters:
        - name: kube-api-double
          cluster:
            server: {{server.GetLeftPart(UriPartial.Authority)}}
            certificate-authority-data: {{Convert.ToBase64String(Encoding.ASCII.GetBytes(caPem))}}
        users:
        - name: kube-api-double
          user:{{(token.Length == 0 ? " {}" : $"\n    token: {token}")}}
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
