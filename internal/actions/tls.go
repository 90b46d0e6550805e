package actions

import (
	"context"
	"time"

	"k8s.io/client-go/dynamic"

	"github.com/flightdeck/fdtui/internal/kube"
)

// RenewCertificate asks cert-manager to re-issue a Certificate now, as
// `cmctl renew` does (kube.RenewCertificate), and says so in cmctl's words.
func RenewCertificate(ctx context.Context, dyn dynamic.Interface, ns, name string) (string, error) {
	if err := kube.RenewCertificate(ctx, dyn, ns, name, time.Now()); err != nil {
		return "", err
	}
	return "Manually triggered issuance of Certificate " + ns + "/" + name + ": cert-manager makes a new CertificateRequest", nil
}
