{{- define "sokoni-external-secrets.required" -}}
{{- if not (and .Values.aws.region .Values.aws.secretName .Values.serviceAccount.name .Values.serviceAccount.roleArn) -}}
{{- fail "aws.region, aws.secretName, serviceAccount.name and serviceAccount.roleArn are required" -}}
{{- end -}}
{{- end -}}
