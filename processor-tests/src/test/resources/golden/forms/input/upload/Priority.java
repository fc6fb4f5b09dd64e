package upload;

public enum Priority { LOW, HIGH }
