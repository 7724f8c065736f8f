# Syncer's Vault policy for the end-to-end test (and the README's example): read KV v2 data and metadata under
# secret/, and the mount table entry that tells KV v1 from v2. Syncer's own tenancy policy (Syncer:Policy) then
# limits each namespace to <mount>/<namespace>/...; a production policy can narrow these paths further.
path "secret/data/*"            { capabilities = ["read"] }
path "secret/metadata/*"        { capabilities = ["read", "list"] }
path "sys/internal/ui/mounts/*" { capabilities = ["read"] }
