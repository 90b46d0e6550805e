package blueprint

import (
	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"
)

const (
	mysqlPort = 3306
	// mysqlUID is the mysql user of the official mariadb image.
	mysqlUID        = 999
	mysqlSecretPath = "/secrets/mysql"
	mysqlDataPath   = "/var/lib/mysql"
)

func (s site) mysqlService() *corev1.Service {
	return s.headlessService(ComponentMySQL, ComponentMySQL, mysqlPort)
}

func (s site) headlessService(name, component string, port int32) *corev1.Service {
	return &corev1.Service{
		ObjectMeta: s.meta(name, component),
		Spec: corev1.ServiceSpec{
			ClusterIP: corev1.ClusterIPNone,
			Selector:  s.selector(component),
			Ports: []corev1.ServicePort{{
				Name: name, Port: port, TargetPort: intstr.FromString(name), Protocol: corev1.ProtocolTCP,
			}},
		},
	}
}

func (s site) mysqlStatefulSet() *appsv1.StatefulSet {
	return &appsv1.StatefulSet{
		ObjectMeta: s.meta(ComponentMySQL, ComponentMySQL),
		Spec: appsv1.StatefulSetSpec{
			Replicas:             ptr(int32(1)),
			ServiceName:          ComponentMySQL,
			Selector:             &metav1.LabelSelector{MatchLabels: s.selector(ComponentMySQL)},
			Template:             s.mysqlPod(),
			VolumeClaimTemplates: []corev1.PersistentVolumeClaim{s.mysqlVolumeClaim()},
		},
	}
}

func (s site) mysqlPod() corev1.PodTemplateSpec {
	return corev1.PodTemplateSpec{
		ObjectMeta: metav1.ObjectMeta{Labels: s.labels(ComponentMySQL)},
		Spec: corev1.PodSpec{
			SecurityContext: &corev1.PodSecurityContext{
				RunAsNonRoot: ptr(true), RunAsUser: ptr(int64(mysqlUID)), RunAsGroup: ptr(int64(mysqlUID)),
				FSGroup: ptr(int64(mysqlUID)), SeccompProfile: runtimeDefaultSeccomp(),
			},
			NodeSelector:                  s.nodeSelector(s.DBPool),
			TerminationGracePeriodSeconds: ptr(int64(60)), // let InnoDB shut down cleanly
			Containers:                    []corev1.Container{s.mysqlContainer()},
			Volumes:                       []corev1.Volume{secretVolume(SecretMySQL)},
		},
	}
}

// mysqlContainer reads every credential from files: the mariadb image's
// entrypoint accepts MARIADB_*_FILE for each of its variables, so no secret
// value ever appears in the pod spec or the environment.
func (s site) mysqlContainer() corev1.Container {
	return corev1.Container{
		Name:  ComponentMySQL,
		Image: s.MySQLImage,
		Env: []corev1.EnvVar{
			{Name: "MARIADB_DATABASE_FILE", Value: mysqlSecretPath + "/" + KeyDBName},
			{Name: "MARIADB_USER_FILE", Value: mysqlSecretPath + "/" + KeyDBUser},
			{Name: "MARIADB_PASSWORD_FILE", Value: mysqlSecretPath + "/" + KeyDBPass},
			{Name: "MARIADB_ROOT_PASSWORD_FILE", Value: mysqlSecretPath + "/" + KeyRootPass},
		},
		Ports:          []corev1.ContainerPort{{Name: ComponentMySQL, ContainerPort: mysqlPort, Protocol: corev1.ProtocolTCP}},
		ReadinessProbe: tcpProbe(mysqlPort, 5, 10),
		Resources: corev1.ResourceRequirements{Requests: corev1.ResourceList{
			corev1.ResourceCPU: resource.MustParse(s.MySQLCPU), corev1.ResourceMemory: resource.MustParse(s.MySQLMemory),
		}},
		VolumeMounts: []corev1.VolumeMount{
			{Name: "data", MountPath: mysqlDataPath},
			secretMount(SecretMySQL),
		},
		// The root filesystem stays writable: the entrypoint writes its
		// socket and init files under /run/mysqld and /tmp.
		SecurityContext: restrictedContainer(false),
	}
}

func (s site) mysqlVolumeClaim() corev1.PersistentVolumeClaim {
	claim := corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: "data", Labels: s.labels(ComponentMySQL)},
		Spec: corev1.PersistentVolumeClaimSpec{
			AccessModes: []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce},
			Resources: corev1.VolumeResourceRequirements{Requests: corev1.ResourceList{
				corev1.ResourceStorage: resource.MustParse(s.MySQLVolume),
			}},
		},
	}
	if s.StorageClass != "" {
		claim.Spec.StorageClassName = ptr(s.StorageClass)
	}
	return claim
}
