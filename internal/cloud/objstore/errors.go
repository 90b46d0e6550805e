package objstore

import (
	"context"
	"errors"
	"net"
	"strings"
	"syscall"

	"github.com/minio/minio-go/v7"
)

// Error is an object-store failure in one line; it unwraps to the cause.
type Error struct {
	// Code is the S3 error code (AccessDenied, NoSuchBucket...), if any.
	Code  string
	msg   string
	cause error
}

func (e *Error) Error() string { return e.msg }
func (e *Error) Unwrap() error { return e.cause }

// readable says what went wrong in terms a user can act on, never quoting
// the keys.
func readable(host string, err error) error {
	if err == nil {
		return nil
	}
	var done *Error
	if errors.As(err, &done) {
		return err
	}
	code := minio.ToErrorResponse(err).Code
	return &Error{Code: code, msg: "object store " + host + ": " + describe(code, err), cause: err}
}

func describe(code string, err error) string {
	var netErr net.Error
	var dnsErr *net.DNSError
	switch {
	case code == "AccessDenied":
		return "access denied; check the key's permissions"
	case code == "InvalidAccessKeyId" || code == "SignatureDoesNotMatch":
		return "key rejected; check SPACES_ACCESS_KEY_ID and SPACES_SECRET_ACCESS_KEY"
	case code == "NoSuchBucket":
		return "bucket " + minio.ToErrorResponse(err).BucketName + " does not exist"
	case code != "":
		return code + ": " + minio.ToErrorResponse(err).Message
	case errors.Is(err, syscall.ECONNREFUSED):
		return "cannot reach it: connection refused"
	case errors.As(err, &dnsErr):
		return "cannot reach it: no such host"
	case errors.Is(err, context.Canceled):
		return "scan cancelled"
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &netErr) && netErr.Timeout():
		return "timed out"
	}
	return strings.Join(strings.Fields(err.Error()), " ")
}
