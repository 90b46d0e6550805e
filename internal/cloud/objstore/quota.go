package objstore

// SpacesIncludedBytes is the storage included in a Spaces subscription:
// 250 GiB across all buckets; beyond it DO bills per GiB.
const SpacesIncludedBytes int64 = 250 << 30

// QuotaPercent is bytes as a whole percentage of quota (SpacesIncludedBytes
// when quota <= 0), rounded down; it may exceed 100 when over quota.
func QuotaPercent(bytes int64, quota int64) int {
	if quota <= 0 {
		quota = SpacesIncludedBytes
	}
	if bytes <= 0 {
		return 0
	}
	// Whole quotas first, so huge counts cannot overflow bytes*100; the
	// remainder in float is exact enough for a floor to whole percent.
	return int(bytes/quota)*100 + int(float64(bytes%quota)*100/float64(quota))
}
