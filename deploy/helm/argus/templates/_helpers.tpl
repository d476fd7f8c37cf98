{{- define "argus.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "argus.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "argus.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "argus.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "argus.secretName" -}}{{ include "argus.fullname" . }}{{- end -}}

{{/* environment shared by the collectors and the job runner */}}
{{- define "argus.env" -}}
- name: ARGUS_INGEST_HOST
  value: "0.0.0.0"
- name: ARGUS_API_HOST
  value: "0.0.0.0"
- name: ARGUS_INGEST_PORT
  value: {{ .Values.service.ingestPort | quote }}
- name: ARGUS_API_PORT
  value: {{ .Values.service.apiPort | quote }}
- name: ARGUS_CLICKHOUSE_URL
  valueFrom:
    secretKeyRef:
      name: {{ default (include "argus.secretName" .) .Values.clickhouse.existingSecret }}
      key: {{ ternary .Values.clickhouse.existingSecretKey "clickhouseUrl" (ne .Values.clickhouse.existingSecret "") }}
{{- with .Values.clickhouse.cluster }}
- name: ARGUS_CLICKHOUSE_CLUSTER
  value: {{ . | quote }}
{{- end }}
- name: ARGUS_CLICKHOUSE_DATABASE
  value: {{ .Values.clickhouse.database | quote }}
- name: ARGUS_RETENTION_DAYS
  value: {{ .Values.retentionDays | quote }}
- name: ARGUS_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: ARGUS_DOWNLOADS_BUILD
  value: "off"
{{- $secret := default (include "argus.secretName" .) .Values.auth.existingSecret }}
{{- range $key, $var := dict "ingestKey" "ARGUS_INGEST_KEY" "adminToken" "ARGUS_ADMIN_TOKEN" "adminPassword" "ARGUS_ADMIN_PASSWORD" }}
{{- if or $.Values.auth.existingSecret (index $.Values.auth $key) }}
- name: {{ $var }}
  valueFrom:
    secretKeyRef:
      name: {{ $secret }}
      key: {{ $key }}
      optional: {{ ne $.Values.auth.existingSecret "" }}
{{- end }}
{{- end }}
{{- with .Values.auth.adminEmail }}
- name: ARGUS_ADMIN_EMAIL
  value: {{ . | quote }}
{{- end }}
{{- end -}}

{{/* the collector container, for the collectors ("jobs": "off") and the job runner ("on") */}}
{{- define "argus.container" -}}
{{- $root := .root -}}
- name: collector
  image: {{ include "argus.image" $root }}
  imagePullPolicy: {{ $root.Values.image.pullPolicy }}
  env:
    {{- include "argus.env" $root | nindent 4 }}
    - name: ARGUS_JOBS
      value: {{ .jobs | quote }}
    {{- with .env }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  ports:
    - name: ingest
      containerPort: {{ $root.Values.service.ingestPort }}
    - name: api
      containerPort: {{ $root.Values.service.apiPort }}
  readinessProbe:
    httpGet:
      path: /health
      port: ingest
    periodSeconds: 5
  livenessProbe:
    httpGet:
      path: /health
      port: api
    initialDelaySeconds: 30
    periodSeconds: 15
    failureThreshold: 4
  resources:
    {{- toYaml .resources | nindent 4 }}
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
    readOnlyRootFilesystem: true
    allowPrivilegeEscalation: false
    capabilities:
      drop: [ALL]
  volumeMounts:
    - name: tmp
      mountPath: /tmp
{{- end -}}
