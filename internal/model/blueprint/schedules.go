package blueprint

// Drupal cron and the database backup run as CronJobs in the site's
// namespace. Their names, components and default schedules (standard
// five-field cron syntax, in the kube-controller-manager's time zone unless
// the CronJob sets spec.timeZone).
const (
	CronJobCron   = "drupal-cron" // runs `drush cron`
	CronJobBackup = "backup"      // mysqldump | gzip to the site's bucket

	ComponentCron   = "cron"
	ComponentBackup = "backup"

	// Drupal's own automated cron default is every 3 hours; sites with
	// queues want it more often, and drush cron is cheap when idle.
	DefaultCronSchedule   = "*/15 * * * *"
	DefaultBackupSchedule = "0 3 * * *" // daily at 03:00

	// BackupPrefix is where backups live inside the site's S3 prefix:
	// <prefix>backups/<domain>-<UTC time 20060102T150405Z>.sql.gz.
	BackupPrefix = "backups/"
)
