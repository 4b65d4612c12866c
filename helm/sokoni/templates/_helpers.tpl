{{/* Chart name, truncated to the 63 characters of a DNS label. */}}
{{- define "sokoni.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* Full name prefix of every resource: release-chart unless the release already contains the chart name. */}}
{{- define "sokoni.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* Labels of every resource. */}}
{{- define "sokoni.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "sokoni.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: sokoni
{{- end -}}

{{/* Selector labels of one component: (dict "root" $ "component" "api"). */}}
{{- define "sokoni.selectorLabels" -}}
app.kubernetes.io/name: {{ include "sokoni.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* All labels of one component's resources and pods. */}}
{{- define "sokoni.componentLabels" -}}
{{ include "sokoni.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Name of one component's resources: (dict "root" $ "component" "api"). */}}
{{- define "sokoni.componentName" -}}
{{- printf "%s-%s" (include "sokoni.fullname" .root | trunc 52 | trimSuffix "-") .component -}}
{{- end -}}

{{- define "sokoni.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sokoni.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Image reference: (dict "root" $ "image" .Values.api.image). Empty registry/namespace parts are skipped (kind). */}}
{{- define "sokoni.image" -}}
{{- $root := .root -}}
{{- $parts := list -}}
{{- with $root.Values.image.registry }}{{ $parts = append $parts . }}{{ end -}}
{{- with $root.Values.image.namespace }}{{ $parts = append $parts . }}{{ end -}}
{{- $parts = append $parts .image.repository -}}
{{- $tag := .image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- printf "%s:%s" (join "/" $parts) (toString $tag) -}}
{{- end -}}

{{/* Name of the Secret holding DATABASE_URL, REDIS_URL, AT_API_KEY, AT_WEBHOOK_SECRET and ADMIN_SESSION_SECRET. */}}
{{- define "sokoni.secretName" -}}
{{- default (include "sokoni.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/*
The BullMQ queue of SMS jobs. Must equal SMS_QUEUE in packages/contracts/src/queues.ts
(packages/deploy-checks/test/chart-keda.test.ts imports it and compares): a different name would leave KEDA
watching an empty list and never scaling.
*/}}
{{- define "sokoni.smsQueue" -}}sms{{- end -}}

{{/*
The Redis LIST of waiting SMS jobs: BullMQ's `<prefix>:<queue>:wait`, the same as
waitListKey(QUEUE_PREFIX, SMS_QUEUE) in packages/contracts. The prefix is the value the
worker receives as QUEUE_PREFIX, so both always agree.
*/}}
{{- define "sokoni.smsWaitList" -}}
{{- printf "%s:%s:wait" .Values.config.queuePrefix (include "sokoni.smsQueue" .) -}}
{{- end -}}

{{/* Secret-backed environment variables: (dict "root" $ "keys" (list "DATABASE_URL" ...)). */}}
{{- define "sokoni.secretEnv" -}}
{{- $root := .root -}}
{{- range .keys }}
- name: {{ . }}
  valueFrom:
    secretKeyRef:
      name: {{ include "sokoni.secretName" $root }}
      key: {{ . }}
{{- end }}
{{- end -}}

{{/* Extra environment variables from a name → value map. */}}
{{- define "sokoni.extraEnv" -}}
{{- range $name, $value := . }}
- name: {{ $name }}
  value: {{ toString $value | quote }}
{{- end }}
{{- end -}}

{{/* Pod-level settings every Sokoni pod shares. */}}
{{- define "sokoni.podCommon" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- toYaml .Values.podSecurityContext | nindent 2 }}
{{- end -}}

{{/* Scheduling settings of one component: the component's values. */}}
{{- define "sokoni.scheduling" -}}
{{- with .nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .topologySpreadConstraints }}
topologySpreadConstraints:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* An HTTP GET probe: (dict "path" "/healthz" "port" "http" ...). */}}
{{- define "sokoni.httpProbe" -}}
httpGet:
  path: {{ .path }}
  port: {{ .port }}
periodSeconds: {{ .period | default 10 }}
timeoutSeconds: {{ .timeout | default 3 }}
failureThreshold: {{ .failures | default 3 }}
{{- end -}}

{{/* Egress of the API and the worker: DNS, PostgreSQL, Redis, HTTPS (Africa's Talking, OIDC), extras. */}}
{{- define "sokoni.commonEgress" -}}
{{- $np := .Values.networkPolicy -}}
- ports:
    - port: 53
      protocol: UDP
    - port: 53
      protocol: TCP
- ports:
    - port: {{ $np.postgresPort }}
      protocol: TCP
    - port: {{ $np.redisPort }}
      protocol: TCP
  {{- with $np.dataStoresTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
- ports:
    - port: 443
      protocol: TCP
  {{- with $np.httpsTo }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- with $np.extraEgress }}
{{ toYaml . }}
{{- end }}
{{- end -}}
