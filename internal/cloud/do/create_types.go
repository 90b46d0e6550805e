package do

// Taint is a Kubernetes node taint for a pool: Key[=Value]:Effect, Effect
// being NoSchedule, PreferNoSchedule or NoExecute (godo.Taint).
type Taint struct{ Key, Value, Effect string }

// String is kubectl's form, "key=value:Effect" or "key:Effect".
func (t Taint) String() string {
	if t.Value == "" {
		return t.Key + ":" + t.Effect
	}
	return t.Key + "=" + t.Value + ":" + t.Effect
}

// VPC is one of the account's VPC networks (godo.VPC).
type VPC struct {
	ID, Name, Region string
	// IPRange is the VPC's CIDR, e.g. "10.108.0.0/20".
	IPRange string
	// Default marks the region's default VPC, where a cluster created
	// without a VPC goes.
	Default bool
}
