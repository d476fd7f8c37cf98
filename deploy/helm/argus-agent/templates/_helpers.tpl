{{- define "argus-agent.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "argus-agent.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "argus-agent.labels" -}}
{{ include "argus-agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "argus-agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "argus-agent.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* the Secret holding the ingest key: the user's, or the one this chart creates from agent.key */}}
{{- define "argus-agent.secretName" -}}
{{- if .Values.agent.existingSecret -}}
{{- .Values.agent.existingSecret -}}
{{- else -}}
{{- include "argus-agent.fullname" . -}}
{{- end -}}
{{- end -}}

{{- define "argus-agent.secretKey" -}}
{{- if .Values.agent.existingSecret -}}{{ .Values.agent.existingSecretKey }}{{- else -}}key{{- end -}}
{{- end -}}

{{- define "argus-agent.image" -}}
{{- printf "%s:%s" .Values.agent.image.repository (default .Chart.AppVersion .Values.agent.image.tag) -}}
{{- end -}}

{{/* agent.yaml: paths of the host mounts, the intake on all interfaces, merged with .Values.agent.config */}}
{{- define "argus-agent.config" -}}
{{- $base := dict
  "procRoot" "/host/proc"
  "hostRoot" "/host"
  "dataDir" "/var/lib/argus-agent"
  "listenHost" "0.0.0.0"
  "port" (int .Values.agent.port)
  "logLevel" .Values.agent.logLevel
  "sensors" (dict
    "container" (dict
      "sysRoot" "/host/sys/fs/cgroup"
      "dockerRoot" "/host/var/lib/docker"
      "containerdTaskRoot" "/host/run/containerd/io.containerd.runtime.v2.task"
      "crioRoot" "/host/var/lib/containers/storage/overlay-containers")
    "host" (dict "rootFs" (ternary "/host/root" "" .Values.hostRootFs)))
-}}
{{- toYaml (mergeOverwrite $base (deepCopy .Values.agent.config)) -}}
{{- end -}}
