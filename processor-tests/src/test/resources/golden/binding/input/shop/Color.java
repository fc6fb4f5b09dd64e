package shop;

public enum Color { RED, GREEN, BLUE }
