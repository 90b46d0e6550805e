package blueprint

import (
	"fmt"
	"strings"
	"time"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// The backup CronJob: an init container "dump" (the site's MySQLImage,
// which ships mariadb-dump, gzip and a shell) streams
// `mariadb-dump --single-transaction | gzip` into an emptyDir, then the
// container "upload" (the MinIO client image, mc, which speaks S3 to
// DigitalOcean Spaces and MinIO alike) copies the file to the site's
// bucket. Two public images rather than one custom image: nothing to
// build or trust beyond the database image the site already runs and the
// upstream mc release. The dump is on disk for the upload only; the pod's
// emptyDir dies with it.
const (
	// DefaultBackupUploadImage is an immutable upstream mc release tag.
	DefaultBackupUploadImage = "minio/mc:RELEASE.2025-08-13T08-35-41Z"

	// BackupDeadlineSeconds bounds one backup Job (dump and upload); a
	// hung dump must not hold the Forbid policy's slot forever.
	BackupDeadlineSeconds = 3600
	// BackupStartingDeadlineSeconds: a run missed by more than this (the
	// controller was down) is skipped, not started late at peak time.
	BackupStartingDeadlineSeconds = 600
	// BackupBackoffLimit retries a failed pod once (a blip of the
	// database or the store), not six times (the Job default).
	BackupBackoffLimit = 1

	// BackupTimeFormat is the UTC time in the object name.
	BackupTimeFormat = "20060102T150405Z"

	backupWorkDir   = "/backup" // emptyDir: the dump and its time stamp
	backupMCConfig  = "/mc"     // emptyDir: mc's config (the alias)
	backupDumpFile  = "dump.sql.gz"
	backupStampFile = "stamp"
	backupMCAlias   = "site"
	s3SecretPath    = "/secrets/" + SecretS3
	mysqlHost       = "mysql-0.mysql" // the StatefulSet's pod, by its headless Service
)

// BackupKeyPrefix is where a site's backups live in its bucket: the
// site's S3 prefix (a "/" added when it lacks one) then BackupPrefix.
func BackupKeyPrefix(prefix string) string {
	if prefix != "" && !strings.HasSuffix(prefix, "/") {
		prefix += "/"
	}
	return prefix + BackupPrefix
}

// BackupKey is the object name of the backup of domain taken at t:
// <prefix>backups/<domain>-<UTC 20060102T150405Z>.sql.gz.
func BackupKey(prefix, domain string, t time.Time) string {
	return BackupKeyPrefix(prefix) + domain + "-" + t.UTC().Format(BackupTimeFormat) + ".sql.gz"
}

func (s site) backupCronJob() *batchv1.CronJob {
	meta := s.meta(CronJobBackup, ComponentBackup)
	return &batchv1.CronJob{
		ObjectMeta: meta,
		Spec: batchv1.CronJobSpec{
			Schedule:                   s.BackupSchedule,
			ConcurrencyPolicy:          batchv1.ForbidConcurrent,
			StartingDeadlineSeconds:    ptr(int64(BackupStartingDeadlineSeconds)),
			SuccessfulJobsHistoryLimit: ptr(int32(3)),
			// Failed Jobs are kept (with their pods and logs) so the
			// site screen can show why the last backup failed.
			FailedJobsHistoryLimit: ptr(int32(3)),
			JobTemplate: batchv1.JobTemplateSpec{
				ObjectMeta: metav1.ObjectMeta{Labels: s.labels(ComponentBackup)},
				Spec: batchv1.JobSpec{
					ActiveDeadlineSeconds: ptr(int64(BackupDeadlineSeconds)),
					BackoffLimit:          ptr(int32(BackupBackoffLimit)),
					Template:              s.backupPod(),
				},
			},
		},
	}
}

func (s site) backupPod() corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: s.labels(ComponentBackup)},
		Spec: corev1.PodSpec{
			// Both containers run as the mariadb image's mysql user; the
			// Secret files are readable by the fsGroup (0440).
			SecurityContext: &corev1.PodSecurityContext{
				RunAsNonRoot: ptr(true), RunAsUser: ptr(int64(mysqlUID)), RunAsGroup: ptr(int64(mysqlUID)),
				FSGroup: ptr(int64(mysqlUID)), SeccompProfile: runtimeDefaultSeccomp(),
			},
			RestartPolicy:                corev1.RestartPolicyNever,
			NodeSelector:                 s.nodeSelector(s.DBPool),
			AutomountServiceAccountToken: ptr(false),
			InitContainers:               []corev1.Container{s.backupDumpContainer()},
			Containers:                   []corev1.Container{s.backupUploadContainer()},
			Volumes: []corev1.Volume{
				secretVolume(SecretMySQL), secretVolume(SecretS3),
				emptyDirVolume("backup"), emptyDirVolume("mc-config"),
			},
		},
	}
}

// backupDumpContainer dumps the database with the site's own credentials
// (read from the mysql Secret's files; the password reaches mariadb-dump
// as MYSQL_PWD inside the shell, never in the pod spec or a command
// line). POSIX sh has no pipefail: the dump's exit code is kept in a file.
func (s site) backupDumpContainer() corev1.Container {
	script := fmt.Sprintf(`set -eu
umask 077
db=$(cat %[1]s/%[2]s)
user=$(cat %[1]s/%[3]s)
MYSQL_PWD=$(cat %[1]s/%[4]s)
export MYSQL_PWD
date -u +%[5]s >%[6]s/%[7]s
echo "dumping database $db from %[8]s"
{ mariadb-dump --host=%[8]s --user="$user" --single-transaction --quick --no-tablespaces "$db" || echo $? >%[6]s/dump.failed; } | gzip -c >%[6]s/%[9]s
if [ -e %[6]s/dump.failed ]; then
  echo "mariadb-dump failed (exit $(cat %[6]s/dump.failed))" >&2
  exit 1
fi
echo "dump done"
`, mysqlSecretPath, KeyDBName, KeyDBUser, KeyDBPass, "%Y%m%dT%H%M%SZ",
		backupWorkDir, backupStampFile, mysqlHost, backupDumpFile)
	return corev1.Container{
		Name:    "dump",
		Image:   s.MySQLImage,
		Command: []string{"sh", "-c", script},
		VolumeMounts: []corev1.VolumeMount{
			{Name: "backup", MountPath: backupWorkDir},
			secretMount(SecretMySQL),
		},
		Resources:       backupResources(),
		SecurityContext: restrictedContainer(true),
	}
}

// backupResources: a dump is one CPU-bound stream; requests keep it from
// being squeezed off a busy database node, no limits (OOM mid-dump costs
// a whole run).
func backupResources() corev1.ResourceRequirements {
	return corev1.ResourceRequirements{Requests: corev1.ResourceList{
		corev1.ResourceCPU: resource.MustParse("100m"), corev1.ResourceMemory: resource.MustParse("64Mi"),
	}}
}

// backupUploadContainer writes mc's alias from the s3 Secret's files into
// its own emptyDir (printf is a shell builtin: the keys are on no command
// line) and copies the dump to <prefix>backups/<domain>-<stamp>.sql.gz.
func (s site) backupUploadContainer() corev1.Container {
	script := fmt.Sprintf(`set -eu
umask 077
prefix=$(cat %[1]s/%[2]s)
case "$prefix" in ""|*/) ;; *) prefix="$prefix/" ;; esac
bucket=$(cat %[1]s/%[3]s)
key="${prefix}%[4]s${SITE_DOMAIN}-$(cat %[5]s/%[6]s).sql.gz"
printf '{"version":"10","aliases":{"%[7]s":{"url":"%%s","accessKey":"%%s","secretKey":"%%s","api":"S3v4","path":"auto"}}}\n' \
  "$(cat %[1]s/%[8]s)" "$(cat %[1]s/%[9]s)" "$(cat %[1]s/%[10]s)" >%[11]s/config.json
mc --config-dir %[11]s --quiet cp %[5]s/%[12]s "%[7]s/$bucket/$key"
echo "uploaded s3://$bucket/$key"
`, s3SecretPath, KeyPrefix, KeyBucket, BackupPrefix, backupWorkDir, backupStampFile,
		backupMCAlias, KeyEndpoint, KeyAccessKey, KeySecretKey, backupMCConfig, backupDumpFile)
	return corev1.Container{
		Name:    "upload",
		Image:   DefaultBackupUploadImage,
		Command: []string{"sh", "-c", script},
		Env:     []corev1.EnvVar{{Name: "SITE_DOMAIN", Value: s.Domain}},
		VolumeMounts: []corev1.VolumeMount{
			{Name: "backup", MountPath: backupWorkDir, ReadOnly: true},
			{Name: "mc-config", MountPath: backupMCConfig},
			secretMount(SecretS3),
		},
		Resources:       backupResources(),
		SecurityContext: restrictedContainer(true),
	}
}
