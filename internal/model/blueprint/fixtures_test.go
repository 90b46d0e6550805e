package blueprint

// Realistic specs shared by the tests. The credentials are fake.

func minimalSpec() SiteSpec {
	return SiteSpec{
		Domain: "www.example.com",
		Image:  "registry.example.com/acme/web:4f9c2e1",
		S3: S3Settings{
			Endpoint:  "https://fra1.digitaloceanspaces.com",
			Region:    "fra1",
			Bucket:    "acme-www-files",
			AccessKey: "DO00TESTACCESSKEY",
			SecretKey: "test-secret-key-not-real",
		},
	}
}

func fullSpec() SiteSpec {
	s := minimalSpec()
	s.Domain = "Shop.Example.ORG" // normalised by WithDefaults
	s.VarnishImage = "varnish:7.6.1"
	s.WebReplicas = 4
	s.MemcacheReplicas = 2
	s.MySQLImage = "mariadb:11.4.4"
	s.MySQLVolume = "20Gi"
	s.StorageClass = "do-block-storage-retain"
	s.WebCPU, s.WebMemory, s.WebCPULimit, s.WebMemoryLimit = "500m", "768Mi", "2", "1536Mi"
	s.ClusterIssuer = "letsencrypt-staging"
	s.IngressClass = "nginx-internal"
	s.IngressController = ControllerIngressNginx
	s.MaxUpload = "256m"
	s.S3.Prefix = "shop/"
	s.PullSecret = "acme-registry"
	s.Registry = &RegistryAuth{Server: "registry.example.com", Username: "ci-bot", Password: "not-a-real-password"}
	s.WebPool, s.DBPool = "web-pool", "db-pool"
	s.ProgressDeadlineSeconds = 600
	s.CronSchedule = "5,35 * * * *"
	return s
}

func fixedSecrets() GeneratedSecrets {
	return GeneratedSecrets{
		DBName: "drupal", DBUser: "drupal",
		DBPass: "testDbPass0123456789abcdefghijkl", DBRootPass: "testRootPass0123456789abcdefghij",
		HashSalt: "testHashSalt0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP",
	}
}
